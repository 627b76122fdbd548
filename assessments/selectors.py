"""Reads of assessments that carry rules: a finding's state from its items, a school's
list, the public figures and the redaction guard's restricted text."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Case, CharField, Count, Exists, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from assessments.models import Answer, Assessment, Finding, FindingItem, PublicCategory
from committees import access
from committees.models import Committee
from followups.models import ActionItem

# A finding's guard reads its assessment's text for this long: an assessment is every two
# years, and its findings stay confidential while the next one is prepared.
GUARDED_DAYS = 3 * 365


def _live_items():
    """The finding's items that count: cancelled ones do not."""
    return FindingItem.objects.filter(finding=OuterRef("pk")).exclude(
        item__status=ActionItem.Status.CANCELLED
    )


def finding_state():
    """A finding's state, from its items: open with none, closed when every one is done
    and verified, in progress in between (a reopened item reopens it)."""
    undone = _live_items().exclude(
        item__status=ActionItem.Status.DONE, item__verified_at__isnull=False
    )
    return Case(
        When(~Exists(_live_items()), then=Value(Finding.State.OPEN)),
        When(~Exists(undone), then=Value(Finding.State.CLOSED)),
        default=Value(Finding.State.IN_PROGRESS),
        output_field=CharField(),
    )


def with_state(findings):
    return findings.annotate(state=finding_state())


def state_of(finding: Finding) -> str:
    return with_state(Finding.objects.filter(pk=finding.pk)).values_list("state", flat=True).get()


def _count(queryset, ref: str = "assessment"):
    return Coalesce(
        Subquery(
            queryset.filter(**{ref: OuterRef("pk")})
            .order_by()
            .values(ref)
            .annotate(n=Count("pk"))
            .values("n")[:1]
        ),
        0,
    )


def school_assessments(user, committee: Committee, *, counts: bool):
    """The committee's assessments the reader may see; with ``counts`` (for the cleared),
    how many findings each has and how many of them are closed, in the same query."""
    rows = access.visible(user, Assessment.objects.filter(committee=committee)).select_related(
        "building", "template"
    )
    if counts:
        closed = with_state(Finding.objects.all()).filter(state=Finding.State.CLOSED)
        rows = rows.annotate(
            findings_count=_count(Finding.objects.all()), closed_count=_count(closed)
        )
    return rows


@dataclass
class PublicFigures:
    completed_on: datetime.date | None = None
    findings: int = 0
    addressed: int = 0
    labels: list[tuple[str, list[str]]] = field(default_factory=list)


def public_figures(district, committee_ids) -> PublicFigures:
    """What the public may know of a school's last completed assessment: when, how many
    findings and how many are addressed, and the public labels by category. Nothing else
    of it is read (docs/access.md, "Aggregates"): no question, note or area."""
    last = (
        Assessment.objects.filter(
            committee_id__in=committee_ids, status=Assessment.Status.COMPLETED
        )
        .order_by("-completed_on", "-id")
        .values_list("pk", "completed_on")
        .first()
    )
    if last is None:
        return PublicFigures()
    rows = with_state(Finding.objects.filter(assessment_id=last[0])).values_list(
        "public_category", "public_label", "state"
    )
    figures = PublicFigures(completed_on=last[1])
    names = dict(PublicCategory.choices)
    grouped: dict[str, list[str]] = {}
    for category, label, state in rows:
        figures.findings += 1
        figures.addressed += state == Finding.State.CLOSED
        if label and label not in grouped.setdefault(category, []):
            grouped[category].append(label)
    figures.labels = [
        (str(names[category]), labels)
        for category, labels in sorted(grouped.items(), key=lambda kv: str(names[kv[0]]))
        if labels
    ]
    return figures


def restricted_text(committee: Committee, since: datetime.datetime) -> Iterable[str]:
    """The assessments' words the public must never read: questions as asked, notes and
    findings' descriptions of the committee's recent assessments (the guard reads this,
    ``redaction.RESTRICTED_TEXT``), whatever ``since`` says: they stay confidential for a
    cycle and more."""
    recent = since.date() - datetime.timedelta(days=GUARDED_DAYS - 365)  # ``since``: a year ago
    mine = Q(assessment__committee=committee, assessment__planned_for__gte=recent)
    for question, note in (
        Answer.objects.filter(mine).exclude(response="").values_list("question_text", "note")
    ):
        yield from (question, note)
    yield from Finding.objects.filter(mine).values_list("description", flat=True)
