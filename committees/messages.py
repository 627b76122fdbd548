"""What the committees' notifications say, decided when they are sent.

Each builder declares its kind to the outbox (``@builds``) when
``CommitteesConfig.ready()`` loads this module. The gate is asked again
here, as the recipient: a member removed, uncleared or deactivated since the row was
written gets nothing. A restricted record is never described: the message says that
something needs attention and links to it. The outbox sends every message in the
recipient's language and shows times in the district's time zone.
"""

import datetime
import functools
from collections.abc import Callable

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from committees import access, selectors
from committees.access import Cap
from committees.models import (
    Category,
    Committee,
    Level,
    MembershipChange,
    PublicTextChange,
    RepresentationRule,
    SeatProposal,
)
from committees.services.membership import is_administrator
from committees.services.public_text import RETURNABLE
from notifications import registry as outbox
from notifications.content import Content, Skip, attention, shared
from notifications.models import Kind
from notifications.registry import Builder


def as_recipient(build: Builder) -> Builder:
    """A builder that asks the gate as the recipient, and keeps the read.

    The gate is asked afresh at sending time: the outbox loads the recipient with each
    batch it sends, so what they may see is worked out anew for every batch (and once
    for all of their messages in it).

    A message about a restricted record is a read of it by its recipient, even though
    it names nothing: the trail says who was told of it, and when (in the site's
    language, whoever the recipient).
    """

    @functools.wraps(build)
    def built(row, user, subject) -> Content:
        content = build(row, user, subject)
        with translation.override(settings.LANGUAGE_CODE):
            access.record_reads(user, [subject], via="email")
        return content

    return built


def builds(kind: str) -> Callable[[Builder], Builder]:
    """Declare to the outbox what a message of ``kind`` says; it asks as its recipient."""

    def declare(build: Builder) -> Builder:
        outbox.message_register(kind=kind, build=as_recipient(build))
        return build

    return declare


def recipient_today(user) -> datetime.date:
    return access.district_today(user.district)


def require_view(user, record) -> None:
    if not access.can(user, access.VIEW, record):
        raise Skip("the person may no longer see the record")


@builds(Kind.PUBLIC_TEXT_REVIEW)
def public_text_review(row, user, change: PublicTextChange):
    """A proposed correction, translation, notice or public title (four eyes).

    The words wait for review and are not public yet: the message names the kind of
    text and the committee, never the text.
    """
    if change.decided_at is not None or row.period != f"p{change.proposed_at.timestamp()}":
        raise Skip("the text was approved, declined or proposed again since")
    if not access.can(user, Cap.PUBLISH_PUBLIC_UPDATE, change):
        raise Skip("the person may no longer publish")
    if change.proposed_by_id == user.pk:
        raise Skip("the person proposed it")
    require_view(user, change)
    link = reverse("committees:public_texts", args=[change.committee_id])
    if change.visibility == Level.RESTRICTED:
        return attention(link)
    return Content(
        subject=_("To review: a public text of %(committee)s")
        % {"committee": change.committee.name},
        lines=[
            _("A public text awaits review by someone other than its author:"),
            change.get_kind_display(),
        ],
        link=link,
        link_text=_("Review it"),
    )


@builds(Kind.SENT_BACK)
def sent_back(row, user, record):
    """A reviewer sent the author's text back with a comment: to its author alone.

    The comment is as confidential as the text it is about; a restricted record's
    message names nothing and links to it.
    """
    spec = RETURNABLE[type(record)]
    if spec.author(record) != user.pk:
        raise Skip("the person is not the text's author")
    if isinstance(record, PublicTextChange):
        comment = record.decline_reason if record.sent_back else ""
    else:
        comment = getattr(record, "sent_back_comment", "")
    if not comment:
        raise Skip("the author answered the comment since")
    require_view(user, record)
    link = spec.page(record)
    if spec.level(record) == Level.RESTRICTED:
        return attention(link)
    return Content(
        subject=_("Sent back to you: %(what)s") % {"what": _(spec.noun)},
        lines=[_("A reviewer sent your text back with this comment:"), comment],
        link=link,
        link_text=_("Edit it and submit it again"),
    )


@builds(Kind.RESUBMITTED)
def resubmitted(row, user, record):
    """Its author saved a text that was sent back: to the reviewer who sent it back.

    The words wait for review and are not public yet: the message names the kind of text
    and the committee; a restricted record's names nothing and links to it.
    """
    spec = RETURNABLE[type(record)]
    if not spec.waiting(record):
        raise Skip("the text was published, withdrawn or sent back since")
    if spec.author(record) == user.pk:
        raise Skip("the person wrote it")
    if not access.can(user, Cap.PUBLISH_PUBLIC_UPDATE, record):
        raise Skip("the person may no longer publish")
    require_view(user, record)
    link = spec.page(record)
    if spec.level(record) == Level.RESTRICTED:
        return attention(link)
    committee = access.spec_for(type(record)).committee_id_of(record)
    return Content(
        subject=_("Submitted again: %(what)s") % {"what": _(spec.noun)},
        lines=[
            _("A text you sent back with a comment was saved again by its author:"),
            Committee.objects.get(pk=committee).name,
        ],
        link=link,
        link_text=_("Review it"),
    )


# --- seats ----------------------------------------------------------------------------------


@builds(Kind.SEAT_ATTENTION)
def seat_attention(row, user, committee: Committee):
    if not access.can(user, Cap.MANAGE_MEMBERSHIP, committee):
        raise Skip("the person no longer manages this committee's seats")
    today = recipient_today(user)
    counts, ending = shared(
        ("seat counts", committee.pk, today), lambda: selectors.seat_counts([committee.pk], today)
    )
    rules = shared(
        ("representation rules", committee.district_id),
        lambda: list(RepresentationRule.objects.filter(district_id=committee.district_id)),
    )
    seats = selectors.seats_for(committee, rules, counts[committee.pk], ending[committee.pk])
    items = [
        _("%(seat)s: %(n)d of %(required)d filled")
        % {"seat": s.label, "n": s.filled, "required": s.required}
        for s in seats
        if s.state == "empty"
    ] + [
        _("%(seat)s: a term ends within 30 days") % {"seat": s.label}
        for s in seats
        if s.state == "ending"
    ]
    if not items:
        raise Skip("every required seat is filled")
    return Content(
        subject=_("Seats to fill on %(committee)s") % {"committee": committee.name},
        lines=[_("These required seats need attention:")],
        link=reverse("committees:detail", args=[committee.pk]),
        link_text=_("Open the committee"),
        items=items,
    )


# --- separation of duties ------------------------------------------------------------------


def _category(value) -> str:
    return str(Category(value).label).lower() if value in Category.values else _("none")


@builds(Kind.ACCESS_GRANTED)
def access_granted(row, user, record):
    """To the district's safety administrators: who was given what by whom. A record
    shared by name is never named, only its committee (it is restricted)."""
    committee = record.committee
    if not user.is_district_admin or not access.can(user, Cap.MANAGE_MEMBERSHIP, committee):
        raise Skip("the person is no longer a safety administrator of the district")
    actor = record.actor.display_name if record.actor else _("The system")
    names = {"actor": actor, "committee": committee.name}
    if isinstance(record, MembershipChange):
        names["person"] = record.membership.user.display_name
        lines = []
        if "restricted_clearance" in record.changes and record.changes["restricted_clearance"][1]:
            lines.append(
                _("%(actor)s granted %(person)s restricted clearance on %(committee)s.") % names
            )
        if "category" in record.changes and record.action == MembershipChange.Action.CHANGED:
            before, after = record.changes["category"]
            lines.append(
                _(
                    "%(actor)s changed whom %(person)s represents on %(committee)s: "
                    "%(before)s → %(after)s."
                )
                % {**names, "before": _category(before), "after": _category(after)}
            )
    else:
        names["person"] = record.person.display_name
        lines = [
            _("%(actor)s shared a restricted record of %(committee)s by name with %(person)s.")
            % names
        ]
    lines.append(_("It is kept in the committee's membership history."))
    return Content(
        subject=_("Access granted on %(committee)s") % names,
        lines=lines,
        link=reverse("committees:history", args=[committee.pk]),
        link_text=_("Open the membership history"),
    )


@builds(Kind.SEAT_PROPOSAL)
def seat_proposal(row, user, proposal: SeatProposal):
    """To the building's and the district's administrators: a chair's proposal waits."""
    committee = proposal.membership.committee
    if proposal.outcome != SeatProposal.Outcome.PENDING:
        raise Skip("the proposal was decided since")
    if not is_administrator(user, committee) or not access.can(
        user, Cap.MANAGE_MEMBERSHIP, committee
    ):
        raise Skip("the person no longer administers this committee")
    proposer = proposal.proposed_by.display_name if proposal.proposed_by else _("The system")
    wanted = []
    if proposal.category:
        wanted.append(_("represents %(category)s") % {"category": _category(proposal.category)})
    if proposal.restricted_clearance:
        wanted.append(_("restricted clearance"))
    return Content(
        subject=_("To confirm: a seat on %(committee)s") % {"committee": committee.name},
        lines=[
            _("%(proposer)s proposes for %(person)s's seat on %(committee)s:")
            % {
                "proposer": proposer,
                "person": proposal.membership.user.display_name,
                "committee": committee.name,
            },
            _("Only you or another administrator may confirm or decline it."),
        ],
        items=wanted,
        link=reverse("committees:detail", args=[committee.pk]) + "#proposals",
        link_text=_("Confirm or decline"),
    )
