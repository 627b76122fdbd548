"""Four eyes on every public word: corrections, translations, notices and public titles.

Each path is proposed by someone with publish rights (the principal), stays off the
public pages, is refused to its author and to people without publish rights, and
goes public when a second person (the chair) approves it after the guard.
"""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from committees import public_cache, services
from committees.models import Level, PublicTextChange
from followups import services as followup_services
from followups.models import ActionItem
from meetings import services as meeting_services
from notifications import services as outbox
from notifications.models import Notification
from procedures import services as procedure_services
from publishing import services as publishing_services
from tests.notifications.clock import everything, mail_to

pytestmark = pytest.mark.django_db

NEW = "Revised wording for families"  # what each proposal says, for the pages to show


def _public(client, name, *args, language="en") -> str:
    with translation.override(language):
        url = reverse(name, args=args)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


# Each path: how to propose `text` by `by`, the public page that shows it (name, args,
# language), and the signed-in page where the pending text is shown (URL name, pk).
def _update(cast, text, by):
    update = cast.updates["published"]
    change = publishing_services.update_correct(update=update, title=update.title, body=text, by=by)
    return (
        change,
        ("public:update", ("westport", update.pk), "en"),
        ("publishing:update", update.pk),
    )


def _translation(cast, text, by):
    update = cast.updates["published"]
    change = publishing_services.update_translation_save(
        update=update, language="es", title="Credenciales", body=text, by=by
    )
    return (
        change,
        ("public:update", ("westport", update.pk), "es"),
        ("publishing:update", update.pk),
    )


def _summary(cast, text, by):
    summary = cast.executive.summary
    change = meeting_services.summary_correct(summary=summary, text=text, by=by)
    public = ("public:meeting", ("westport", cast.executive.pk), "en")
    return change, public, ("meetings:meeting", cast.executive.pk)


def _notice(cast, text, by):
    meeting = cast.meetings["high"]
    change = meeting_services.meeting_notice_propose(
        meeting=meeting, title=text, place="Westport High School", by=by
    )
    return (
        change,
        ("public:meeting", ("westport", meeting.pk), "en"),
        ("meetings:meeting", meeting.pk),
    )


def _milestone(cast, text, by):
    milestone = cast.milestones[("high", Level.COMMITTEE)]
    followup_services.milestone_edit(milestone=milestone, public_title=text, by=by)
    change = PublicTextChange.objects.get(
        kind=PublicTextChange.Kind.MILESTONE, record_id=milestone.pk, decided_at=None
    )
    return (
        change,
        ("public:building", ("westport", "high"), "en"),
        ("followups:plan", milestone.plan_id),
    )


def _procedure(cast, text, by):
    procedure = cast.procedures["high"]
    change = procedure_services.procedure_public_title_propose(
        procedure=procedure, public_title=text, by=by
    )
    return change, ("public:district", ("westport",), "en"), ("procedures:procedure", procedure.pk)


PATHS = [_update, _translation, _summary, _notice, _milestone, _procedure]


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.__name__.strip("_"))
def test_a_public_text_goes_public_only_when_a_second_publisher_approves(
    cast, client, path, django_capture_on_commit_callbacks
):
    change, (name, args, language), _page = path(cast, NEW, cast.principal)
    before = _public(client, name, *args, language=language)
    assert NEW not in before
    # The refusal speaks the active language; the public page read in Spanish left its own.
    with translation.override("en"), pytest.raises(ValidationError, match="four eyes"):
        services.public_text_approve(change=change, by=cast.principal)
    for lacking in (cast.secretary, cast.parent, cast.stranger, cast.other_admin):
        with pytest.raises(PermissionDenied):
            services.public_text_approve(change=change, by=lacking)
    assert NEW not in _public(client, name, *args, language=language)
    with django_capture_on_commit_callbacks(execute=True):  # the cached page is dropped
        services.public_text_approve(change=change, by=cast.chair)
    assert NEW in _public(client, name, *args, language=language)


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.__name__.strip("_"))
def test_the_author_and_reviewers_see_the_pending_text_and_others_do_not(cast, login, path):
    _change, _public_page, (name, pk) = path(cast, NEW, cast.principal)
    url = reverse(name, args=[pk])
    author = login(cast.principal).get(url).content.decode()
    assert NEW in author and "Awaiting review" in author
    assert "You proposed it: someone else with publish rights" in author  # not one's own
    reviewer = login(cast.chair).get(url).content.decode()
    assert NEW in reviewer and "Approve and make public" in reviewer
    queue = login(cast.chair).get(reverse("committees:public_texts", args=[cast.high.pk]))
    assert NEW in queue.content.decode()
    response = login(cast.parent).get(url)
    assert NEW not in response.content.decode()


def test_the_review_queue_is_for_those_who_write_or_approve_public_text(cast, login):
    _update(cast, NEW, cast.principal)
    url = reverse("committees:public_texts", args=[cast.high.pk])
    assert NEW in login(cast.secretary).get(url).content.decode()
    assert login(cast.parent).get(url).status_code == 403
    assert login(cast.stranger).get(url).status_code == 404
    assert login(cast.other_admin).get(url).status_code == 404


def test_approving_and_declining_through_the_pages(
    cast, login, client, django_capture_on_commit_callbacks
):
    change, (name, args, _lang), _page = _update(cast, NEW, cast.principal)
    author = login(cast.principal)
    assert author.post(reverse("committees:public_text_approve", args=[change.pk])).status_code == (
        302
    )
    assert NEW not in _public(client, name, *args)  # the author's own approval is refused
    assert (
        login(cast.secretary)
        .post(reverse("committees:public_text_approve", args=[change.pk]))
        .status_code
        == 403
    )
    with django_capture_on_commit_callbacks(execute=True):
        login(cast.chair).post(reverse("committees:public_text_approve", args=[change.pk]))
    assert NEW in _public(client, name, *args)
    declined, *_ = _update(cast, "A second wording", cast.principal)
    login(cast.chair).post(
        reverse("committees:public_text_decline", args=[declined.pk]), {"reason": "Too vague"}
    )
    declined.refresh_from_db()
    assert declined.approved is False and declined.decline_reason == "Too vague"
    assert "A second wording" not in _public(client, name, *args)


# The guard reads every path: the district's forbidden terms, and 8-word overlaps


FORBIDDEN = "Door hardware for Room B-114"
SECRET = "the east stairwell door does not latch and the camera misses it after dark"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.__name__.strip("_"))
def test_the_guard_blocks_a_forbidden_term_and_an_overlap_on_every_path(cast, path):
    cast.district.forbidden_public_terms = "Room B-114"
    cast.district.save()
    meeting_services.minutes_section_add(
        meeting=cast.meetings["high"],
        heading="Walkthrough",
        body=SECRET,
        visibility=Level.RESTRICTED,
        by=None,
    )
    waiting = PublicTextChange.objects.filter(decided_at=None).count()
    with pytest.raises(ValidationError, match="Room B-114"):
        path(cast, FORBIDDEN, cast.principal)
    if path in (_milestone, _procedure, _notice):
        text = f"Review {SECRET}"[:200]
    else:
        text = f"We found that {SECRET}."
    with pytest.raises(ValidationError, match="stairwell door does not latch"):
        path(cast, text, cast.principal)
    assert PublicTextChange.objects.filter(decided_at=None).count() == waiting


def test_the_guard_reads_the_text_again_when_it_is_approved(cast, client):
    change, (name, args, _lang), _page = _milestone(cast, FORBIDDEN, cast.principal)
    cast.district.forbidden_public_terms = "Room B-114"  # added while the title waited
    cast.district.save()
    with pytest.raises(ValidationError, match="Room B-114"):
        services.public_text_approve(change=change, by=cast.chair)
    assert "B-114" not in _public(client, name, *args)


def test_a_milestone_title_with_a_forbidden_term_is_refused_on_its_form(cast, login):
    cast.district.forbidden_public_terms = "Room B-114"
    cast.district.save()
    milestone = cast.milestones[("high", Level.COMMITTEE)]
    response = login(cast.chair).post(
        reverse("followups:milestone_edit", args=[milestone.pk]),
        {
            "title": "Door hardware",
            "public_title": FORBIDDEN,
            "category": "access_control",
            "target_date": "2027-03-01",
            "visibility": Level.COMMITTEE,
        },
    )
    assert response.status_code == 200
    assert "Room B-114" in response.content.decode()
    milestone.refresh_from_db()
    assert milestone.public_title == "Entrance security upgrades"


# A published summary is corrected ("updated on") or withdrawn with a reason


def test_a_corrected_summary_says_updated_on(cast, client, django_capture_on_commit_callbacks):
    change, (name, args, _lang), _page = _summary(cast, NEW, cast.chair)
    assert "updated on" not in _public(client, name, *args)
    with django_capture_on_commit_callbacks(execute=True):
        services.public_text_approve(change=change, by=cast.principal)
    page = _public(client, name, *args)
    assert NEW in page and "updated on" in page


def test_a_withdrawn_summary_leaves_the_pages_and_the_cache_at_once(
    cast, client, login, django_capture_on_commit_callbacks
):
    summary = cast.executive.summary
    pages = [
        ("public:meeting", ("westport", cast.executive.pk)),
        ("public:district", ("westport",)),
        ("public:building", ("westport", "high")),
    ]
    for name, args in pages:  # read, and now cached
        assert summary.text in _public(client, name, *args), name
    with pytest.raises(PermissionDenied):
        meeting_services.summary_withdraw(summary=summary, by=cast.secretary, reason="Old")
    with pytest.raises(ValidationError):
        meeting_services.summary_withdraw(summary=summary, by=cast.chair, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        response = login(cast.chair).post(
            reverse("meetings:summary_withdraw", args=[cast.executive.pk]),
            {"reason": "Published too early"},
        )
    assert response.status_code == 302
    for name, args in pages[1:]:
        assert summary.text not in _public(client, name, *args), name
    # The executive session had no notice: nothing of it is public any more.
    assert client.get(reverse(pages[0][0], args=pages[0][1])).status_code == 404
    feed = client.get(reverse("public:meetings_ics", args=["westport"])).content.decode()
    assert summary.text not in feed
    page = login(cast.chair).get(reverse("meetings:meeting", args=[cast.executive.pk]))
    assert "Published too early" in page.content.decode()


# Everything public pages show refreshes the public cache when it changes


def test_approval_refreshes_the_cached_public_page(
    cast, client, django_capture_on_commit_callbacks
):
    change, (name, args, _lang), _page = _milestone(cast, NEW, cast.principal)
    assert NEW not in _public(client, name, *args)  # now cached
    with django_capture_on_commit_callbacks(execute=True):
        services.public_text_approve(change=change, by=cast.chair)
    assert NEW in _public(client, name, *args)


def test_a_status_change_of_a_linked_item_refreshes_the_milestones_progress(
    cast, client, django_capture_on_commit_callbacks
):
    page = _public(client, "public:building", "westport", "high")
    assert "Entrance security upgrades: 0%" in page
    item = cast.items[("high", Level.COMMITTEE)]
    with django_capture_on_commit_callbacks(execute=True):
        followup_services.action_item_set_status(
            item=item, status=ActionItem.Status.DONE, by=cast.chair
        )
    page = _public(client, "public:building", "westport", "high")
    assert "Entrance security upgrades: 100%" in page


def test_a_milestone_edit_and_a_newly_linked_item_refresh_the_cache(
    cast, django_capture_on_commit_callbacks
):
    milestone = cast.milestones[("high", Level.COMMITTEE)]
    slug = cast.district.slug
    before = public_cache.version(slug)
    with django_capture_on_commit_callbacks(execute=True):
        followup_services.milestone_edit(milestone=milestone, category="facilities", by=cast.chair)
    assert public_cache.version(slug) != before
    before = public_cache.version(slug)
    with django_capture_on_commit_callbacks(execute=True):
        followup_services.action_item_create(
            committee=cast.high, title="Replace the closer", milestone=milestone, by=cast.chair
        )
    assert public_cache.version(slug) != before


def test_a_new_milestone_is_listed_by_name_only_once_its_title_is_approved(
    cast, client, django_capture_on_commit_callbacks
):
    plan = cast.plans["high"]
    milestone = followup_services.milestone_create(
        plan=plan,
        title="Replace the B-wing door closers",
        public_title="Door hardware upgrades",
        category="facilities",
        target_date=cast.milestones[("high", Level.COMMITTEE)].target_date,
        by=cast.chair,
    )
    assert milestone.public_title == ""
    assert "Door hardware upgrades" not in _public(client, "public:building", "westport", "high")
    change = PublicTextChange.objects.get(record_id=milestone.pk, kind="milestone")
    with django_capture_on_commit_callbacks(execute=True):
        services.public_text_approve(change=change, by=cast.principal)
    assert "Door hardware upgrades" in _public(client, "public:building", "westport", "high")


def test_the_reviewers_are_told_and_the_message_does_not_quote_the_text(cast):
    Notification.objects.all().delete()
    mail.outbox = []
    _update(cast, NEW, cast.principal)
    outbox.sweep()
    [message] = mail_to(cast.chair)
    assert "To review" in message.subject
    assert NEW not in everything(message)
    assert mail_to(cast.principal) == []  # the author is not asked to review
    assert mail_to(cast.secretary) == []  # nor someone who may not approve
