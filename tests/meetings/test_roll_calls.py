"""Votes as the law records them (roll calls) and remote participation (issue 19)."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEntry
from committees.models import Committee, Level, Membership
from meetings import services
from meetings.models import Attendance, Meeting, RollCall, Vote
from tests.admin_site import admin_url
from tests.meetings.clock import after_start

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


def _meeting(cast, monkeypatch, **kwargs) -> Meeting:
    values = {
        "committee": cast.high,
        "title": "January meeting",
        "starts_at": datetime.datetime(2027, 1, 13, 23, 30, tzinfo=UTC),
        "location": "Library",
        "by": cast.secretary,
    }
    values.update(kwargs)
    meeting = services.meeting_schedule(**values)
    after_start(monkeypatch, meeting)
    return meeting


def _section(meeting, level=None):
    return services.minutes_section_add(
        meeting=meeting,
        heading="Door hardware",
        body="Discussed.",
        visibility=level or meeting.default_level,
        by=None,
    )


def _under(cast, state: str) -> None:
    district = cast.high.district
    district.state = state
    district.save(update_fields=["state"])


def _members(meeting):
    return list(services.roll_members(meeting).select_related("user").order_by("pk"))


# Roll calls and their tallies


def test_the_tally_follows_from_the_roll(cast, monkeypatch):
    meeting = _meeting(cast, monkeypatch)
    members = _members(meeting)
    choices = ["yes", "yes", "no", "abstain", "absent", "yes", "no"]
    roll = {m.pk: choices[i % len(choices)] for i, m in enumerate(members)}
    vote = services.vote_record(
        section=_section(meeting),
        motion="Rekey the east doors",
        result="carried",
        yes=99,  # ignored: a roll call counts itself
        roll=roll,
        by=cast.secretary,
    )
    vote.refresh_from_db()
    picked = list(roll.values())
    assert (vote.yes, vote.no, vote.abstain) == (
        picked.count("yes"),
        picked.count("no"),
        picked.count("abstain"),
    )
    assert dict(vote.roll.values_list("membership_id", "choice")) == roll


def test_a_roll_names_the_committees_members_only(cast, monkeypatch):
    meeting = _meeting(cast, monkeypatch)
    stranger_seat = Membership.objects.get(user=cast.stranger)
    with pytest.raises(ValidationError, match="names the committee's members only"):
        services.vote_record(
            section=_section(meeting),
            motion="x",
            result="carried",
            roll={stranger_seat.pk: "yes"},
            by=None,
        )


def test_the_vote_form_records_a_roll_call_and_its_page_shows_it(cast, login, monkeypatch):
    meeting = _meeting(cast, monkeypatch)
    section = _section(meeting)
    members = _members(meeting)
    client = login(cast.secretary)
    url = reverse("meetings:vote_new", args=[section.pk])
    data = {"motion": "Rekey the east doors", "result": "carried"}
    data |= {f"v{m.pk}": "yes" for m in members}
    data[f"v{members[0].pk}"] = "no"
    data[f"vn{members[0].pk}"] = "Wants a second quote"
    # Half a roll: every member's vote is asked for, and nothing is saved.
    half = {k: v for k, v in data.items() if k != f"v{members[1].pk}"}
    page = client.post(url, half)
    assert page.status_code == 200
    assert "A roll call records every member" in page.content.decode()
    assert not Vote.objects.filter(section=section).exists()
    assert client.post(url, data).status_code == 302
    vote = Vote.objects.get(section=section)
    assert (vote.yes, vote.no, vote.abstain) == (len(members) - 1, 1, 0)
    text = client.get(reverse("meetings:meeting", args=[meeting.pk])).content.decode()
    assert f"{members[0].user.display_name}: No" in text
    assert "Wants a second quote" in text


def test_the_counts_of_a_roll_call_are_not_corrected_by_hand(cast, monkeypatch):
    meeting = _meeting(cast, monkeypatch)
    members = _members(meeting)
    vote = services.vote_record(
        section=_section(meeting),
        motion="x",
        result="carried",
        roll={m.pk: "yes" for m in members},
        by=None,
    )
    with pytest.raises(ValidationError, match="follow from its roll"):
        services.vote_correct(vote=vote, by=None, reason="Miscounted", yes=1)


# Executive sessions: a roll call where the district's rules say so


def test_an_executive_session_vote_is_a_roll_call_under_massachusetts_rules(
    cast, login, monkeypatch
):
    session = _meeting(cast, monkeypatch, kind="executive", public_purpose="Security")
    section = _section(session)
    # Connecticut (the district's state): a vote by counts is on record.
    services.vote_record(section=section, motion="By counts", result="carried", yes=5, by=None)
    _under(cast, "MA")
    with pytest.raises(ValidationError, match="taken by roll call"):
        services.vote_record(section=section, motion="Refused", result="carried", yes=5, by=None)
    # The form says so, and nothing is saved.
    client = login(cast.chair)
    url = reverse("meetings:vote_new", args=[section.pk])
    page = client.post(url, {"motion": "Refused", "result": "carried", "yes": 5, "no": 0})
    assert page.status_code == 200
    assert "is taken by roll call" in page.content.decode()
    assert not Vote.objects.filter(motion="Refused").exists()
    members = _members(session)
    data = {"motion": "By roll", "result": "carried"} | {f"v{m.pk}": "yes" for m in members}
    assert client.post(url, data).status_code == 302
    assert Vote.objects.get(motion="By roll").yes == len(members)
    # A regular meeting's vote is not bound by it.
    regular = _meeting(cast, monkeypatch, title="Regular")
    services.vote_record(section=_section(regular), motion="Ok", result="carried", by=None)


# Remote participation and the quorum


def _attendance_form(meeting, present: list, remote: dict[int, str]) -> dict:
    data = {}
    for m in services.attendance_members(meeting):
        data[f"m{m.pk}"] = "present" if m in present else "absent"
        data[f"n{m.pk}"] = ""
        data[f"o{m.pk}"] = "remote" if m.pk in remote else "in_person"
        data[f"r{m.pk}"] = remote.get(m.pk, "")
    return data


def test_remote_members_count_toward_the_quorum_as_the_committee_says(cast, login, monkeypatch):
    meeting = _meeting(cast, monkeypatch)
    members = list(services.attendance_members(meeting))
    present = members[:4]  # of 7: the quorum of a majority is 4
    client = login(cast.secretary)
    url = reverse("meetings:meeting_attendance", args=[meeting.pk])
    data = _attendance_form(meeting, present, {present[0].pk: "Travelling"})
    assert client.post(url, data).status_code == 302
    remote = Attendance.objects.get(meeting=meeting, membership=present[0])
    assert (remote.mode, remote.remote_reason) == ("remote", "Travelling")
    page = client.get(reverse("meetings:meeting", args=[meeting.pk])).content.decode()
    assert "4 of 7 members present; quorum is 4: met" in page
    assert "1 member took part remotely" in page
    assert "remotely (Travelling)" in page
    cast.high.remote_counts_toward_quorum = False
    cast.high.save(update_fields=["remote_counts_toward_quorum"])
    page = client.get(reverse("meetings:meeting", args=[meeting.pk])).content.decode()
    assert "quorum is 4: <span" in page and "not met" in page
    assert "remote members do not count toward the quorum" in page
    body = client.get(reverse("api:meeting-detail", args=[meeting.pk])).json()
    assert body["quorum"]["met"] is False
    assert {a["mode"] for a in body["attendance"]} == {"in_person", "remote"}


def test_the_remote_quorum_rule_is_shown_and_changed_where_the_committee_is_set(cast, login):
    """The committee's meetings say its quorum rule; its district's administrator changes
    it where the committee's quorum is set (the administration), and the change is on
    record. Nobody else reaches that page."""
    url = reverse("meetings:list", args=[cast.high.pk])
    change = admin_url(Committee, "change", cast.high.pk)
    page = login(cast.chair).get(url).content.decode()
    assert "Quorum: a majority of the members." in page
    assert "Members who take part remotely count toward it." in page
    assert change not in page
    assert login(cast.chair).get(change).status_code != 200
    client = login(cast.district_admin)
    assert change in client.get(url).content.decode()
    assert 'name="remote_counts_toward_quorum"' in client.get(change).content.decode()
    response = client.post(
        change,
        {
            "name": cast.high.name,
            "purpose": cast.high.purpose,
            "quorum": "4",
            "minutes_approval": cast.high.minutes_approval,
            # remote_counts_toward_quorum unchecked
        },
    )
    assert response.status_code == 302
    cast.high.refresh_from_db()
    assert (cast.high.quorum, cast.high.remote_counts_toward_quorum) == (4, False)
    entry = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Committee),
        object_pk=str(cast.high.pk),
        action=AuditEntry.Action.UPDATE,
    ).latest("pk")
    assert entry.actor == cast.district_admin
    assert "remote_counts_toward_quorum" in entry.changes_dict
    page = login(cast.secretary).get(url).content.decode()
    assert "Quorum: 4 members." in page and "do not count toward it" in page
    # Millbrook's administrator does not change Westport's committee.
    login(cast.other_admin).post(change, {"name": "x", "quorum": "1"})
    cast.high.refresh_from_db()
    assert cast.high.quorum == 4


def test_a_remote_reason_is_required_under_massachusetts_rules(cast, login, monkeypatch):
    meeting = _meeting(cast, monkeypatch)
    members = list(services.attendance_members(meeting))
    client = login(cast.secretary)
    url = reverse("meetings:meeting_attendance", args=[meeting.pk])
    # Recorded once, all in person.
    assert client.post(url, _attendance_form(meeting, members, {})).status_code == 302
    _under(cast, "MA")
    page = client.post(url, _attendance_form(meeting, members, {members[0].pk: ""}))
    assert page.status_code == 200
    assert "say why the member took part remotely" in page.content.decode()
    # Nothing half-saved: the attendance is as it was.
    assert not Attendance.objects.filter(meeting=meeting, mode="remote").exists()
    assert Attendance.objects.filter(meeting=meeting).count() == len(members)
    data = _attendance_form(meeting, members, {members[0].pk: "Illness"})
    assert client.post(url, data).status_code == 302
    assert Attendance.objects.get(meeting=meeting, mode="remote").remote_reason == "Illness"


def test_connecticut_takes_a_remote_member_without_a_reason(cast, monkeypatch):
    meeting = _meeting(cast, monkeypatch)
    members = list(services.attendance_members(meeting))
    services.attendance_record(
        meeting=meeting,
        by=None,
        statuses={m.pk: "present" for m in members},
        modes={members[0].pk: "remote"},
    )
    assert Attendance.objects.get(meeting=meeting, membership=members[0]).mode == "remote"


# Who may read a roll


def test_a_restricted_votes_roll_is_as_hidden_as_the_vote(cast, login, monkeypatch):
    meeting = _meeting(cast, monkeypatch)
    members = _members(meeting)
    for level, note in ((Level.COMMITTEE, "roll-note-committee"), (Level.RESTRICTED, "hush-7f")):
        services.vote_record(
            section=_section(meeting, level),
            motion=f"Motion {level}",
            result="carried",
            roll={m.pk: "yes" for m in members},
            roll_notes={members[0].pk: note},
            by=None,
        )
    parent = login(cast.parent)
    for url in (
        reverse("meetings:meeting", args=[meeting.pk]),
        reverse("api:meeting-detail", args=[meeting.pk]),
        reverse("meetings:minutes_txt", args=[meeting.pk]),
    ):
        text = parent.get(url).content.decode()
        assert "roll-note-committee" in text, url
        assert "hush-7f" not in text, url
    body = parent.get(reverse("api:meeting-detail", args=[meeting.pk])).json()
    rolls = [vote["roll"] for s in body["sections"] for vote in s["votes"]]
    assert [len(roll) for roll in rolls] == [len(members)]
    cleared = login(cast.cleared_staff)
    text = cleared.get(reverse("meetings:meeting", args=[meeting.pk])).content.decode()
    assert "hush-7f" in text


def _published(cast, meeting):
    summary, _ = services.summary_save(meeting=meeting, text="The committee met.", by=cast.chair)
    return services.summary_publish(summary=summary, by=cast.principal)


def test_the_public_page_shows_the_roll_of_public_votes_only(cast, client, monkeypatch):
    meeting = _meeting(cast, monkeypatch, visibility=Level.PUBLIC)
    members = _members(meeting)
    first = members[0].user.display_name
    services.vote_record(
        section=_section(meeting, Level.PUBLIC),
        motion="Adopt the drill calendar",
        result="carried",
        roll={m.pk: "yes" for m in members},
        by=None,
    )
    services.vote_record(
        section=_section(meeting, Level.RESTRICTED),
        motion="Rekey the east wing",
        result="carried",
        roll={m.pk: "no" if m == members[0] else "yes" for m in members},
        by=None,
    )
    services.vote_record(
        section=_section(meeting, Level.COMMITTEE),
        motion="Ask for quotes",
        result="carried",
        roll={m.pk: "abstain" if m == members[0] else "yes" for m in members},
        by=None,
    )
    _published(cast, meeting)
    text = client.get(reverse("public:meeting", args=["westport", meeting.pk])).content.decode()
    assert f"{first}: Yes" in text
    assert "Adopt the drill calendar" in text
    assert f"{first}: No" not in text and f"{first}: Abstain" not in text
    assert "Rekey the east wing" not in text and "Ask for quotes" not in text
    export = client.get(reverse("meetings:summary_txt", args=[meeting.pk])).content.decode()
    assert f"Roll call: {first}: Yes" in export
    assert f"{first}: No" not in export and f"{first}: Abstain" not in export


def test_an_executive_sessions_restricted_roll_is_not_on_its_public_record(
    cast, client, monkeypatch
):
    _under(cast, "MA")
    session = _meeting(cast, monkeypatch, kind="executive", public_purpose="Security")
    members = _members(session)
    services.vote_record(
        section=_section(session),
        motion="Secret",
        public_motion="Approve repairs",
        result="carried",
        roll={m.pk: "no" if m == members[0] else "yes" for m in members},
        by=None,
    )
    summary = _published(cast, session)
    assert "roll" not in summary.record["votes"][0]
    assert summary.record["votes"][0]["yes"] == len(members) - 1
    text = client.get(reverse("public:meeting", args=["westport", session.pk])).content.decode()
    assert "Approve repairs" in text
    assert members[0].user.display_name not in text
    assert RollCall.objects.filter(vote__section__meeting=session).count() == len(members)


# A roll call corrected after it is recorded


def _roll_vote(cast, monkeypatch, level=Level.PUBLIC):
    meeting = _meeting(cast, monkeypatch, visibility=level)
    members = _members(meeting)
    vote = services.vote_record(
        section=_section(meeting, level),
        motion="Adopt the drill calendar",
        result="carried",
        roll={m.pk: "no" if m == members[0] else "yes" for m in members},
        roll_notes={members[0].pk: "Wants more drills"},
        by=None,
    )
    return meeting, members, vote


def _correction(members, vote, **choices) -> dict:
    data = {"motion": vote.motion, "result": vote.result, "reason": "Misheard at the meeting"}
    data |= {f"v{m.pk}": choices.get(str(m.pk), "yes") for m in members}
    return data


def test_a_roll_call_is_corrected_member_by_member_and_the_public_record_shows_it(
    cast, login, monkeypatch
):
    meeting, members, vote = _roll_vote(cast, monkeypatch)
    first, second = members[0].user.display_name, members[1].user.display_name
    client = login(cast.secretary)
    url = reverse("meetings:vote_edit", args=[vote.pk])
    page = client.get(url).content.decode()
    # Each member's vote by name, as recorded; no counts to type (they follow).
    assert f"Roll call: {first}" in page and 'name="yes"' not in page
    assert '<option value="no" selected>No</option>' in page.split(f'name="v{members[0].pk}"')[1]
    assert "the tally follows from the roll" in page

    # Half a roll: every member's vote is asked for; nothing changes.
    half = _correction(members, vote)
    half[f"v{members[1].pk}"] = ""
    response = client.post(url, half)
    assert response.status_code == 200
    assert "A roll call records every member" in response.content.decode()
    assert not vote.corrections.exists()

    data = _correction(members, vote, **{str(members[1].pk): "abstain"})
    data[f"vn{members[0].pk}"] = "Changed her mind before the vote"
    assert client.post(url, data).status_code == 302
    vote.refresh_from_db()
    assert (vote.yes, vote.no, vote.abstain) == (len(members) - 1, 0, 1)
    roll = dict(vote.roll.values_list("membership_id", "choice"))
    assert roll[members[0].pk] == "yes" and roll[members[1].pk] == "abstain"
    assert vote.roll.get(membership=members[0]).note == "Changed her mind before the vote"
    # The correction on record: who, when, why, and the roll as it was.
    correction = vote.corrections.get()
    assert correction.by == cast.secretary and correction.reason == "Misheard at the meeting"
    assert (correction.was["yes"], correction.was["no"]) == (len(members) - 1, 1)
    was = {entry["membership"]: entry for entry in correction.was["roll"]}
    assert was[members[0].pk]["choice"] == "no" and was[members[0].pk]["name"] == first
    assert was[members[0].pk]["note"] == "Wants more drills"
    # Each member's entry changed in place, each change in the trail.
    kind = ContentType.objects.get_for_model(RollCall)
    changed = AuditEntry.objects.filter(
        content_type=kind, action=AuditEntry.Action.UPDATE, actor=cast.secretary
    )
    assert changed.count() == 2

    text = client.get(reverse("meetings:meeting", args=[meeting.pk])).content.decode()
    assert f"{first}: Yes" in text and f"{second}: Abstain" in text
    assert "Roll call as it was: " in text and f"{first}: No" in text  # in the correction
    export = client.get(reverse("meetings:minutes_txt", args=[meeting.pk])).content.decode()
    assert "Roll call as it was:" in export

    # The public record shows the corrected roll of this public vote.
    _published(cast, meeting)
    public = login(None).get(reverse("public:meeting", args=["westport", meeting.pk]))
    public_text = public.content.decode()
    assert f"{first}: Yes" in public_text and f"{second}: Abstain" in public_text
    assert f"{first}: No" not in public_text
    assert "Misheard" not in public_text and "as it was" not in public_text


def test_a_roll_correction_is_refused_where_it_would_not_be_a_roll(cast, monkeypatch):
    meeting, members, vote = _roll_vote(cast, monkeypatch, Level.COMMITTEE)
    everyone = {m.pk: "yes" for m in members}
    # Every member it named, or the roll is not corrected.
    partial = dict(list(everyone.items())[1:])
    with pytest.raises(ValidationError, match="every member"):
        services.vote_correct(vote=vote, by=None, reason="x", roll=partial)
    # Only the committee's members.
    stranger_seat = Membership.objects.get(user=cast.stranger)
    with pytest.raises(ValidationError, match="members only"):
        services.vote_correct(
            vote=vote, by=None, reason="x", roll=everyone | {stranger_seat.pk: "yes"}
        )
    # The roll as it stands: nothing to correct.
    as_is = {m.pk: "no" if m == members[0] else "yes" for m in members}
    with pytest.raises(ValidationError, match="Nothing to correct"):
        services.vote_correct(vote=vote, by=None, reason="x", roll=as_is)
    # Notes left out stay as they were.
    services.vote_correct(vote=vote, by=None, reason="Misheard", roll=everyone)
    assert vote.roll.get(membership=members[0]).note == "Wants more drills"
    # A vote by counts has no roll to correct.
    counted = services.vote_record(
        section=vote.section, motion="Ask for quotes", result="carried", yes=5, by=None
    )
    with pytest.raises(ValidationError, match="no roll to correct"):
        services.vote_correct(vote=counted, by=None, reason="x", roll=everyone)
    assert not counted.roll.exists()


def test_a_restricted_roll_is_corrected_by_the_cleared_only(cast, login, monkeypatch):
    _session, members, vote = _roll_vote(cast, monkeypatch, Level.RESTRICTED)
    url = reverse("meetings:vote_edit", args=[vote.pk])
    # Members without clearance do not know the vote exists.
    for role, expected in (("staff", 404), ("parent", 404)):
        assert login(getattr(cast, role)).get(url).status_code == expected, role
    client = login(cast.chair)
    assert client.post(url, _correction(members, vote)).status_code == 302
    vote.refresh_from_db()
    assert (vote.yes, vote.no) == (len(members), 0)
