"""Every write to follow-ups: action items, their history and evidence, improvement plans
and their milestones.

Plain functions with keyword arguments, one transaction each. The views, the demo and
the features that turn a problem into an action item (incidents, drills, concerns) call
these; nothing else saves these models.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from committees import access, public_cache, uploads
from committees.access import Cap
from committees.models import Committee, Level, PublicTextChange
from committees.records import fields_set
from committees.services.membership import outsider_refusal
from committees.services.public_text import public_text_propose
from committees.workflow import status_move
from followups.models import (
    ActionItem,
    ActionItemAttachment,
    ActionItemEvent,
    ImprovementPlan,
    Milestone,
)
from notifications import services as notifications
from notifications.models import Kind, WebhookEvent

__all__ = [
    "ATTACHMENT_MAX_BYTES",
    "action_item_add_evidence",
    "action_item_add_progress",
    "action_item_assign",
    "action_item_create",
    "action_item_edit",
    "action_item_next_statuses",
    "action_item_set_status",
    "action_item_verify",
    "milestone_create",
    "milestone_edit",
    "plan_create",
]

ATTACHMENT_MAX_BYTES = uploads.ATTACHMENT_MAX_BYTES
EDITABLE = (
    "title",
    "description",
    "source",
    "source_detail",
    "category",
    "priority",
    "visibility",
    "due_date",
    "milestone",
)


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def _require(by, capability: str, obj) -> None:
    """``by`` None is the system itself (seed, tasks)."""
    if by is not None and not access.can(by, capability, obj):
        raise PermissionDenied("You may not do this.")


def _check_assignee(assignee, committee: Committee, level: str) -> None:
    if assignee is None:
        return
    refusal = outsider_refusal(assignee, committee, level)
    if refusal:
        raise ValidationError({"assignee": refusal})


# The item's history that the district's integrations are told of (webhooks).
WEBHOOK_EVENTS = {
    ActionItemEvent.Kind.CREATED: WebhookEvent.ACTION_ITEM_CREATED,
    ActionItemEvent.Kind.ASSIGNED: WebhookEvent.ACTION_ITEM_ASSIGNED,
    ActionItemEvent.Kind.STATUS: WebhookEvent.ACTION_ITEM_STATUS_CHANGED,
}


def _event(item: ActionItem, kind: str, by, note: str = "", **statuses) -> ActionItemEvent:
    event = ActionItemEvent.objects.create(item=item, kind=kind, actor=by, note=note, **statuses)
    if kind in WEBHOOK_EVENTS:
        notifications.webhook_emit(
            district_id=item.committee.district_id, event=WEBHOOK_EVENTS[kind], subject=item
        )
    return event


def _tell_assignee(item: ActionItem, event: ActionItemEvent, by) -> None:
    notifications.notify(
        recipients=[item.assignee],
        kind=Kind.ITEM_ASSIGNED,
        subject=item,
        period=f"event-{event.pk}",
        by=by,
    )


@transaction.atomic
def action_item_create(
    *,
    committee: Committee,
    title: str,
    by,
    description: str = "",
    source: str = ActionItem.Source.NONE,
    source_detail: str = "",
    category: str = "other",
    priority: str = ActionItem.Priority.MEDIUM,
    visibility: str = Level.COMMITTEE,
    assignee=None,
    due_date: datetime.date | None = None,
    milestone: Milestone | None = None,
    minutes_section=None,
) -> ActionItem:
    _require(by, Cap.ASSIGN_ACTION_ITEMS, committee)
    item = ActionItem(
        committee=committee,
        minutes_section=minutes_section,
        title=title,
        description=description,
        source=source,
        source_detail=source_detail,
        category=category,
        priority=priority,
        visibility=visibility,
        due_date=due_date,
        milestone=milestone,
    )
    item.full_clean()
    access.check_level(item)
    _check_assignee(assignee, committee, visibility)
    item.assignee = assignee
    item.assigned_by = by if assignee else None
    item.save()
    _event(item, ActionItemEvent.Kind.CREATED, by)
    if milestone is not None:  # the milestone's public progress moves
        public_cache.bump_on_commit(committee.district_id)
    if assignee is not None:
        event = _event(
            item, ActionItemEvent.Kind.ASSIGNED, by, note=f"Assigned to {assignee.display_name}"
        )
        _tell_assignee(item, event, by)
    return item


@transaction.atomic
def action_item_assign(*, item: ActionItem, assignee, by, note: str = "") -> ActionItem:
    """Assign or re-assign: for chairs, building and district administrators."""
    _require(by, Cap.ASSIGN_ACTION_ITEMS, item)
    item = ActionItem.objects.select_for_update().select_related("committee").get(pk=item.pk)
    if assignee is not None and assignee.pk == item.assignee_id:
        return item
    _check_assignee(assignee, item.committee, access.effective_level(item))
    before = item.assignee
    item.assignee = assignee
    item.assigned_by = by
    item.save(update_fields=["assignee", "assigned_by", "updated_at"])
    what = f"Assigned to {assignee.display_name}" if assignee else "Unassigned"
    if before is not None:
        what += f" (was {before.display_name})"
    event = _event(
        item, ActionItemEvent.Kind.ASSIGNED, by, note=" — ".join(filter(None, [what, note]))
    )
    if assignee is not None:
        _tell_assignee(item, event, by)
    return item


@transaction.atomic
def action_item_edit(*, item: ActionItem, by, **values) -> ActionItem:
    """Change what the item is; a change of level is checked against its assignee."""
    _require(by, Cap.ASSIGN_ACTION_ITEMS, item)
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise TypeError(f"Cannot edit {', '.join(sorted(unknown))} of an action item.")
    item = ActionItem.objects.select_for_update().select_related("committee").get(pk=item.pk)
    changed = list(fields_set(item, values))
    if not changed:
        return item
    item.full_clean()
    access.check_level(item)
    if "visibility" in changed and item.assignee is not None:
        _check_assignee(item.assignee, item.committee, item.visibility)
    item.save(update_fields=[*changed, "updated_at"])
    _event(item, ActionItemEvent.Kind.EDITED, by, note="Changed " + ", ".join(changed))
    if "milestone" in changed:  # the milestones' public progress moves
        public_cache.bump_on_commit(item.committee.district_id)
    return item


# Cancelling drops an item out of its plan's progress: a decision for those who assign
# the committee's items, never for an assignee alone (the facilities director).
ASSIGNERS_ONLY = frozenset({ActionItem.Status.CANCELLED})


def action_item_next_statuses(*, item: ActionItem, by) -> list[ActionItem.Status]:
    """The statuses ``by`` may move ``item`` to, in order (None: the system)."""
    allowed = ActionItem.WORKFLOW.next(item.status)
    if by is not None and not access.can(by, Cap.ASSIGN_ACTION_ITEMS, item):
        if item.status in ASSIGNERS_ONLY:
            return []  # reopening a cancelled item is the assigners' call too
        return [status for status in allowed if status not in ASSIGNERS_ONLY]
    return allowed


@transaction.atomic
def action_item_set_status(*, item: ActionItem, status: str, by, note: str = "") -> ActionItem:
    """Move an item along its allowed transitions, recording who, when and why."""
    _require(by, access.UPDATE, item)
    item = ActionItem.objects.select_for_update().select_related("committee").get(pk=item.pk)
    current = ActionItem.Status(item.status)
    target = ActionItem.Status(status)
    ActionItem.WORKFLOW.check(current, target)
    if target not in action_item_next_statuses(item=item, by=by):
        raise ValidationError(
            {
                "status": _(
                    "Only the committee's chair or an administrator cancels an item or "
                    "reopens a cancelled one; add a progress note to say why it should be."
                )
            }
        )
    if target == ActionItem.Status.BLOCKED and not note.strip():
        raise ValidationError({"note": _("Say what the item is waiting for.")})
    also = {}
    if target == ActionItem.Status.DONE:
        also = {"completed_at": _now()}
    elif current == ActionItem.Status.DONE:
        also = {"completed_at": None, "verified_at": None, "verified_by": None}
    status_move(
        item,
        workflow=ActionItem.WORKFLOW,
        to=target,
        also=also,
        history=lambda before, after: _event(
            item, ActionItemEvent.Kind.STATUS, by, note=note, from_status=before, to_status=after
        ),
    )
    # Milestones' progress and the count of items completed are on the public pages.
    public_cache.bump_on_commit(item.committee.district_id)
    return item


@transaction.atomic
def action_item_add_progress(*, item: ActionItem, by, note: str) -> None:
    _require(by, access.UPDATE, item)
    if not note.strip():
        raise ValidationError({"note": _("Write what happened.")})
    _event(item, ActionItemEvent.Kind.PROGRESS, by, note=note.strip())


@transaction.atomic
def action_item_add_evidence(*, item: ActionItem, by, note: str, files=()) -> ActionItem:
    """Evidence of completion: a note and files, kept outside any public path."""
    _require(by, access.UPDATE, item)
    if not note.strip() and not files:
        raise ValidationError({"note": _("Describe the evidence or attach a file.")})
    uploads.uploads_check(files, max_bytes=ATTACHMENT_MAX_BYTES)
    item = ActionItem.objects.select_for_update().get(pk=item.pk)
    if note.strip():
        item.completion_note = note.strip()
        item.save(update_fields=["completion_note", "updated_at"])
    for upload in files:
        ActionItemAttachment.objects.create(
            item=item, file=upload, uploaded_by=by, **uploads.upload_facts(upload)
        )
    names = ", ".join(upload.name for upload in files)
    _event(item, ActionItemEvent.Kind.EVIDENCE, by, note=" ".join(filter(None, [note, names])))
    return item


@transaction.atomic
def action_item_verify(*, item: ActionItem, by) -> ActionItem:
    """The chair confirms that done is done."""
    _require(by, Cap.ASSIGN_ACTION_ITEMS, item)
    item = ActionItem.objects.select_for_update().select_related("committee").get(pk=item.pk)
    if item.status != ActionItem.Status.DONE:
        raise ValidationError(_("Only a done item can be verified."))
    if item.verified_at is not None:
        return item
    item.verified_by, item.verified_at = by, _now()
    item.save(update_fields=["verified_by", "verified_at", "updated_at"])
    _event(item, ActionItemEvent.Kind.VERIFIED, by)
    # What public pages count as addressed (an assessment's findings) may move.
    public_cache.bump_on_commit(item.committee.district_id)
    return item


# --- improvement plans -------------------------------------------------------------------


@transaction.atomic
def plan_create(*, committee: Committee, school_year: int, title: str, by) -> ImprovementPlan:
    _require(by, Cap.ASSIGN_ACTION_ITEMS, committee)
    plan = ImprovementPlan(committee=committee, school_year=school_year, title=title)
    plan.full_clean()
    plan.save()
    return plan


@transaction.atomic
def milestone_create(
    *,
    plan: ImprovementPlan,
    title: str,
    public_title: str,
    category: str,
    target_date: datetime.date,
    by,
    visibility: str = Level.COMMITTEE,
) -> Milestone:
    """A new milestone; its public title waits for a second person's approval (four
    eyes), and the public timeline lists the milestone by name only from then on."""
    _require(by, Cap.ASSIGN_ACTION_ITEMS, plan.committee)
    milestone = Milestone(
        plan=plan,
        title=title,
        public_title=public_title,
        category=category,
        target_date=target_date,
        visibility=visibility,
    )
    milestone.full_clean()
    milestone.public_title = ""
    milestone.save()
    public_text_propose(
        kind=PublicTextChange.Kind.MILESTONE,
        record=milestone,
        texts={"public_title": public_title},
        by=by,
    )
    public_cache.bump_on_commit(plan.committee.district_id)
    return milestone


@transaction.atomic
def milestone_edit(*, milestone: Milestone, by, **values) -> Milestone:
    """Change a milestone; a new public title is proposed for review, not shown at once."""
    _require(by, Cap.ASSIGN_ACTION_ITEMS, milestone.plan.committee)
    allowed = {"title", "public_title", "category", "target_date", "visibility"}
    if set(values) - allowed:
        raise TypeError(f"Cannot edit {', '.join(sorted(set(values) - allowed))}.")
    milestone = (
        Milestone.objects.select_for_update().select_related("plan__committee").get(pk=milestone.pk)
    )
    public_title = values.pop("public_title", None)
    fields_set(milestone, values)
    milestone.full_clean(exclude=["public_title"])
    milestone.save(update_fields=list(values))
    if public_title is not None:
        public_text_propose(
            kind=PublicTextChange.Kind.MILESTONE,
            record=milestone,
            texts={"public_title": public_title},
            by=by,
        )
    # Category and date show on the public timeline, as does the progress they group.
    public_cache.bump_on_commit(milestone.plan.committee.district_id)
    return milestone
