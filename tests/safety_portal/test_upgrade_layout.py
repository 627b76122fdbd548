"""A database of the layout before meetings, follow-ups and publishing had their apps.

Migrated back to just before the move (committees 0017), one record of each moved model
is written with the models of that time, together with what points at them by content
type (an audit entry, a permission, a named grant through guardian's direct table) and
by label (an outbox row, a named-grant record). Migrated forward, every record is found
through the new models, under the same content type ids, and an incident's follow-up
still reaches its action item.
"""

import datetime

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType

from audit.models import AuditEntry
from committees.models import NamedGrantRecord
from notifications.models import Notification
from tests.upgrades import latest, migrate_to, old_pointers

BEFORE = [
    ("committees", "0017_procedures_moved"),
    ("meetings", None),
    ("followups", None),
    ("publishing", None),
]
NEW_APP = {
    "meeting": "meetings",
    "agendaitem": "meetings",
    "attendance": "meetings",
    "minutessection": "meetings",
    "vote": "meetings",
    "publicsummary": "meetings",
    "improvementplan": "followups",
    "milestone": "followups",
    "actionitem": "followups",
    "actionitemevent": "followups",
    "actionitemuserobjectpermission": "followups",
    "publicupdate": "publishing",
    "publicupdatetranslation": "publishing",
}
WHEN = datetime.datetime(2026, 10, 6, 22, 0, tzinfo=datetime.UTC)


def _seed_before(old) -> dict:
    """The records, written as main wrote them: every model and label in committees."""

    def model(name):
        return old.get_model("committees", name).objects

    district = model("District").create(name="Upgrade District", slug="upgrade", state="CT")
    committee = model("Committee").create(district=district, name="Upgrade Committee")
    user = old.get_model("accounts", "User").objects.create(
        username="upgrade.chair", district_id=district.pk
    )
    member = model("Membership").create(
        committee=committee,
        user_id=user.pk,
        category="staff",
        position="chair",
        term_start=datetime.date(2026, 7, 1),
    )
    meeting = model("Meeting").create(
        committee=committee, title="October meeting", starts_at=WHEN, visibility="committee"
    )
    agenda = model("AgendaItem").create(meeting=meeting, order=1, title="Entrances")
    model("Attendance").create(meeting=meeting, membership=member, status="present")
    section = model("MinutesSection").create(
        meeting=meeting, agenda_item=agenda, order=1, heading="Entrances", body="The east door."
    )
    model("Vote").create(section=section, motion="Fix the east door", result="carried")
    model("PublicSummary").create(meeting=meeting, text="The committee met.")
    plan = model("ImprovementPlan").create(
        committee=committee, title="2026-27 plan", school_year=2026
    )
    milestone = model("Milestone").create(
        plan=plan, title="Doors", category="facilities", target_date=datetime.date(2027, 1, 15)
    )
    item = model("ActionItem").create(
        committee=committee,
        title="Repair the east door closer",
        milestone=milestone,
        minutes_section=section,
        due_date=datetime.date(2026, 11, 1),
        visibility="restricted",
    )
    model("ActionItemEvent").create(item=item, kind="note", note="Ordered the part.")
    update = model("PublicUpdate").create(
        committee=committee, title="Doors repaired", body="The doors were repaired."
    )
    model("PublicUpdateTranslation").create(
        update=update, language="es", title="Puertas", body="Se repararon."
    )
    types = old.get_model("contenttypes", "ContentType").objects
    content_types = {
        name: types.get_or_create(app_label="committees", model=name)[0].pk for name in NEW_APP
    }
    permission = old.get_model("auth", "Permission").objects.get_or_create(
        content_type_id=content_types["actionitem"],
        codename="view_actionitem",
        defaults={"name": "Can view action item"},
    )[0]
    grant = model("ActionItemUserObjectPermission").create(
        content_object=item, user_id=user.pk, permission_id=permission.pk
    )
    model("NamedGrantRecord").create(
        committee=committee,
        record_type="committees.actionitem",
        record_id=item.pk,
        person_id=user.pk,
        level="restricted",
        action="grant",
    )
    pointers = old_pointers(
        old,
        record=meeting,
        content_types=content_types,
        district_id=district.pk,
        level="committee",
        recipient_id=user.pk,
        kind="meeting_reminder",
        period="2026-10-06",
    )
    notification = old.get_model("notifications", "Notification").objects.create(
        recipient_id=user.pk,
        kind="item_overdue",
        subject_type="committees.actionitem",
        subject_id=item.pk,
        period="2026-11-02",
    )
    return {
        "meeting": meeting.pk,
        "section": section.pk,
        "item": item.pk,
        "update": update.pk,
        "grant": grant.pk,
        "content_types": content_types,
        "permission": permission.pk,
        "audit": pointers["audit"],
        "notification": notification.pk,
        "meeting_notification": pointers["notification"],
    }


@pytest.mark.django_db(transaction=True)
def test_a_database_from_before_the_move_keeps_every_meeting_item_and_update():
    leaves = latest()
    try:
        executor = migrate_to(BEFORE)
        old = executor.loader.project_state(list(executor.loader.applied_migrations)).apps
        before = _seed_before(old)

        migrate_to(leaves)
        ContentType.objects.clear_cache()

        meeting = apps.get_model("meetings", "Meeting").objects.get(pk=before["meeting"])
        assert meeting.title == "October meeting" and meeting.starts_at == WHEN
        assert [a.membership.user.username for a in meeting.attendance.all()] == ["upgrade.chair"]
        section = meeting.sections.get(pk=before["section"])
        assert section.body == "The east door." and section.agenda_item.title == "Entrances"
        assert [v.motion for v in section.votes.all()] == ["Fix the east door"]
        assert meeting.summary.text == "The committee met."

        item = apps.get_model("followups", "ActionItem").objects.get(pk=before["item"])
        assert item.minutes_section == section and item.milestone.plan.title == "2026-27 plan"
        assert [e.note for e in item.events.all()] == ["Ordered the part."]

        update = apps.get_model("publishing", "PublicUpdate").objects.get(pk=before["update"])
        assert [t.title for t in update.translations.all()] == ["Puertas"]

        # The same content types, renamed in place: what points at them finds the records.
        for name, pk in before["content_types"].items():
            moved = ContentType.objects.get(pk=pk)
            assert (moved.app_label, moved.model) == (NEW_APP[name], name)
        assert not ContentType.objects.filter(app_label="committees", model__in=NEW_APP).exists()
        entry = AuditEntry.objects.get(pk=before["audit"])
        assert entry.content_type.get_object_for_this_type(pk=entry.object_id) == meeting
        permission = Permission.objects.get(pk=before["permission"])
        assert permission.content_type.model_class() is type(item)
        # The named grant still opens the item for its holder.
        grant = apps.get_model("followups", "ActionItemUserObjectPermission").objects
        assert grant.get(pk=before["grant"]).content_object == item
        assert item.assignee is None and grant.get(pk=before["grant"]).user.has_perm(
            "followups.view_actionitem", item
        )
        record = NamedGrantRecord.objects.get(record_id=item.pk)
        assert record.record_type == "followups.actionitem"
        # The outbox names its subject by label: it follows, so a scan does not send twice.
        row = Notification.objects.get(pk=before["notification"])
        assert row.subject_type == "followups.actionitem"
        assert apps.get_model(row.subject_type).objects.get(pk=row.subject_id) == item
        row = Notification.objects.get(pk=before["meeting_notification"])
        assert (row.subject_type, row.subject_id) == ("meetings.meeting", meeting.pk)
    finally:
        migrate_to(leaves)  # whatever happened, the next test finds the latest schema
        ContentType.objects.clear_cache()
