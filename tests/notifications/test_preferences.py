"""A person's choices: never, in the weekly digest only, or right away; the district's
mandatory kinds are sent right away whatever was chosen."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from followups import services as followup_services
from notifications import scans
from notifications import services as outbox
from notifications.models import Kind, Mode, Notification, Preference
from tests.factories import ActionItemFactory
from tests.notifications.clock import Clock, at, mail_to

pytestmark = pytest.mark.django_db
SETTINGS = "notifications:settings"
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def _quiet(cast):
    Notification.objects.all().delete()
    mail.outbox = []


@pytest.fixture
def clock(monkeypatch) -> Clock:
    return Clock(monkeypatch)


def _assign(cast, person, title="Order two-way radios", **extra):
    item = ActionItemFactory(committee=cast.high, title=title, **extra)
    followup_services.action_item_assign(item=item, assignee=person, by=cast.chair)
    return item


def _mandatory(cast, *kinds):
    cast.district.mandatory_notifications = list(kinds)
    cast.district.full_clean()
    cast.district.save(update_fields=["mandatory_notifications"])


def _form(**choices) -> dict:
    """The settings form as the page posts it: every kind right away unless told."""
    data = {f"kind_{kind}": Mode.IMMEDIATE for kind in Kind.values}
    data.update({f"kind_{kind}": mode for kind, mode in choices.items()})
    data.update(language="", due_soon_days=3)
    return data


# The modes


def test_never_sends_nothing_of_that_kind_and_says_why(cast):
    outbox.preferences_save(user=cast.staff, modes={Kind.ITEM_ASSIGNED: Mode.NONE})
    _assign(cast, cast.staff)
    _assign(cast, cast.secretary)  # the others' choices are their own
    outbox.sweep()
    assert mail_to(cast.staff) == []
    assert len(mail_to(cast.secretary)) == 1
    row = Notification.objects.get(recipient=cast.staff)
    assert row.status == Notification.Status.SKIPPED
    assert row.reason == "the person chose not to get these by themselves"


def test_never_for_one_kind_leaves_the_other_kinds_alone(cast):
    outbox.preferences_save(user=cast.staff, modes={Kind.MEETING_SCHEDULED: Mode.NONE})
    _assign(cast, cast.staff)
    outbox.sweep()
    assert len(mail_to(cast.staff)) == 1


def test_digest_only_sends_no_message_of_its_own_and_the_digest_lists_it(cast, clock):
    monday = datetime.date(2026, 11, 30)
    clock.set(at(monday - DAY, 10))
    outbox.preferences_save(
        user=cast.staff, modes={Kind.ITEM_ASSIGNED: Mode.DIGEST, Kind.ITEM_DUE_SOON: Mode.DIGEST}
    )
    _assign(cast, cast.staff, title="Fix the gym PA", due_date=monday + 2 * DAY)
    scans.scan(now=clock.now)
    clock.sweep()
    assert mail_to(cast.staff) == []
    clock.set(at(monday, 7))
    scans.scan(now=clock.now)
    clock.sweep()
    [message] = mail_to(cast.staff)
    assert "Your week" in message.subject
    assert "Fix the gym PA: due Dec. 2, 2026" in message.body


@pytest.mark.parametrize("mode,gets_it", [(Mode.DIGEST, True), (Mode.NONE, False)])
def test_the_weekly_digest_itself_can_be_switched_off_but_not_by_choosing_it(
    cast, clock, mode, gets_it
):
    """Choosing "in the weekly digest only" for the digest itself still means the digest."""
    monday = datetime.date(2026, 11, 30)
    clock.set(at(monday, 7))
    outbox.preferences_save(user=cast.staff, modes={Kind.DIGEST: mode})
    ActionItemFactory(
        committee=cast.high, assignee=cast.staff, title="Fix the gym PA", due_date=monday + DAY
    )
    scans.scan(now=clock.now)
    clock.sweep()
    digests = [m for m in mail_to(cast.staff) if "Your week" in m.subject]
    assert len(digests) == (1 if gets_it else 0)


# Mandatory kinds


def test_a_mandatory_kind_cannot_be_switched_off_by_the_service(cast):
    _mandatory(cast, Kind.ITEM_ASSIGNED, Kind.ITEM_OVERDUE)
    for mode in (Mode.NONE, Mode.DIGEST):
        with pytest.raises(ValidationError, match="requires these to be sent right away"):
            outbox.preferences_save(
                user=cast.staff,
                modes={Kind.ITEM_ASSIGNED: mode, Kind.MEETING_SCHEDULED: Mode.NONE},
            )
    assert not Preference.objects.filter(user=cast.staff).exists()  # nothing half-saved
    outbox.preferences_save(user=cast.staff, modes={Kind.ITEM_ASSIGNED: Mode.IMMEDIATE})


def test_a_mandatory_kind_is_sent_even_if_an_old_choice_says_never(cast):
    Preference.objects.create(user=cast.staff, kind=Kind.ITEM_ASSIGNED, mode=Mode.NONE)
    _mandatory(cast, Kind.ITEM_ASSIGNED)
    _assign(cast, cast.staff)
    outbox.sweep()
    assert len(mail_to(cast.staff)) == 1
    assert outbox.mode_for(cast.staff, Kind.ITEM_ASSIGNED) == Mode.IMMEDIATE


def test_the_mandatory_list_of_one_district_binds_only_its_people(cast):
    cast.other_district.mandatory_notifications = [Kind.ITEM_ASSIGNED]
    cast.other_district.save(update_fields=["mandatory_notifications"])
    outbox.preferences_save(user=cast.staff, modes={Kind.ITEM_ASSIGNED: Mode.NONE})
    with pytest.raises(ValidationError):
        outbox.preferences_save(user=cast.other_admin, modes={Kind.ITEM_ASSIGNED: Mode.NONE})


def test_unknown_kinds_and_choices_are_refused_and_nothing_is_saved(cast):
    with pytest.raises(ValidationError, match="Unknown kinds"):
        outbox.preferences_save(user=cast.staff, modes={"item_lost": Mode.NONE})
    with pytest.raises(ValidationError, match="Unknown choice"):
        outbox.preferences_save(
            user=cast.staff,
            modes={Kind.ITEM_ASSIGNED: Mode.NONE, Kind.ITEM_OVERDUE: "sometimes"},
        )
    assert not Preference.objects.filter(user=cast.staff).exists()
    with pytest.raises(ValidationError):
        outbox.preferences_save(user=cast.staff, modes={}, due_soon_days=0)
    cast.staff.refresh_from_db()
    assert cast.staff.due_soon_days == 3


# The settings page


def test_the_settings_page_is_for_signed_in_people(cast, login):
    response = login(None).get(reverse(SETTINGS))
    assert response.status_code == 302
    assert "/login" in response["Location"] or "next=" in response["Location"]


def test_the_settings_page_saves_choices_language_and_notice(cast, login):
    client = login(cast.staff)
    page = client.get(reverse(SETTINGS))
    assert page.status_code == 200
    response = client.post(
        reverse(SETTINGS),
        {**_form(item_assigned=Mode.NONE, digest=Mode.NONE), "language": "es", "due_soon_days": 5},
    )
    assert response.status_code == 302
    chosen = dict(Preference.objects.filter(user=cast.staff).values_list("kind", "mode"))
    assert chosen[Kind.ITEM_ASSIGNED] == Mode.NONE and chosen[Kind.DIGEST] == Mode.NONE
    assert chosen[Kind.MEETING_SCHEDULED] == Mode.IMMEDIATE
    cast.staff.refresh_from_db()
    assert (cast.staff.language, cast.staff.due_soon_days) == ("es", 5)
    # Shown as chosen when the page is opened again.
    form = client.get(reverse(SETTINGS)).context["form"]
    assert form.initial["kind_item_assigned"] == Mode.NONE
    assert form.initial["due_soon_days"] == 5


def test_a_bad_notice_is_refused_on_the_page_and_nothing_changes(cast, login):
    client = login(cast.staff)
    response = client.post(reverse(SETTINGS), {**_form(digest=Mode.NONE), "due_soon_days": 0})
    assert response.status_code == 200
    assert response.context["form"].errors["due_soon_days"]
    assert not Preference.objects.filter(user=cast.staff).exists()


def test_the_settings_page_shows_mandatory_kinds_fixed_and_a_post_changes_nothing(cast, login):
    _mandatory(cast, Kind.ITEM_ASSIGNED)
    Preference.objects.create(user=cast.staff, kind=Kind.ITEM_ASSIGNED, mode=Mode.NONE)  # old
    client = login(cast.staff)
    response = client.get(reverse(SETTINGS))
    page = response.content.decode()
    field = response.context["form"]["kind_item_assigned"]
    assert field.field.disabled
    assert field.value() == Mode.IMMEDIATE  # shown as it is sent, not as the old row says
    assert "Required by the district: always sent right away." in page
    assert 'name="kind_item_assigned"' in page and "disabled" in str(field)
    assert not response.context["form"]["kind_item_overdue"].field.disabled

    response = client.post(
        reverse(SETTINGS), _form(item_assigned=Mode.NONE, meeting_scheduled=Mode.NONE)
    )
    assert response.status_code == 302
    assert Preference.objects.get(user=cast.staff, kind=Kind.MEETING_SCHEDULED).mode == Mode.NONE
    # The post could not switch it off; the old row stays what it was, and counts for nothing.
    assert Preference.objects.get(user=cast.staff, kind=Kind.ITEM_ASSIGNED).mode == Mode.NONE
    _assign(cast, cast.staff)
    outbox.sweep()
    assert len(mail_to(cast.staff)) == 1


def test_the_settings_page_offers_only_what_is_sent_to_people(cast, login):
    form = login(cast.staff).get(reverse(SETTINGS)).context["form"]
    assert "kind_item_assigned" in form.fields
    assert "kind_subscription_confirm" not in form.fields  # for the public's subscribers
    assert "kind_public_update" not in form.fields


def test_the_settings_link_in_a_message_opens_the_persons_own_settings(cast, login):
    _assign(cast, cast.staff)
    outbox.sweep()
    [message] = mail_to(cast.staff)
    path = reverse(SETTINGS)
    assert path in message.body
    assert login(cast.staff).get(path).status_code == 200
