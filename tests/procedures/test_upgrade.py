"""A database of the layout before procedures had their app migrates forward whole.

Migrated back to just before the move (committees 0016, no procedures app), a procedure
with a version, a review and a copy is written with the models of that time, together
with what points at it by content type (an audit entry, a permission) and by label (an
outbox row). Migrated forward, every record is found through the new models, under the
same content type ids.
"""

import datetime

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType

from audit.models import AuditEntry
from notifications.models import Notification
from procedures.models import Procedure, ProcedureCopy, ProcedureReview, ProcedureVersion
from tests.upgrades import latest, migrate_to, old_pointers

BEFORE = [("committees", "0016_public_text_changes"), ("procedures", None)]
MODELS = ("procedure", "procedureversion", "procedurereview", "procedurecopy")


def _seed_before(apps) -> dict:
    """The records, written as main wrote them: every model and label in committees."""
    district = apps.get_model("committees", "District").objects.create(
        name="Upgrade District", slug="upgrade", state="CT"
    )
    committee = apps.get_model("committees", "Committee").objects.create(
        district=district, name="Upgrade Committee"
    )
    user = apps.get_model("accounts", "User").objects.create(
        username="upgrade.owner", district_id=district.pk
    )
    procedure = apps.get_model("committees", "Procedure").objects.create(
        committee=committee,
        kind="lockdown",
        title="Lockdown procedure",
        public_title="Lockdown",
        owner_id=user.pk,
        last_reviewed_on=datetime.date(2026, 9, 1),
    )
    # Written past the services at another level: the move makes it restricted, as
    # every procedure is (procedures 0003), which hides it from more people, never fewer.
    stray = apps.get_model("committees", "Procedure").objects.create(
        committee=committee, kind="evacuation", title="Evacuation routes", visibility="committee"
    )
    version = apps.get_model("committees", "ProcedureVersion").objects.create(
        procedure=procedure, number=1, body="Lock the doors.", created_by_id=user.pk
    )
    review = apps.get_model("committees", "ProcedureReview").objects.create(
        procedure=procedure, version=version, reviewed_on=datetime.date(2026, 9, 1), note="ok"
    )
    copy = apps.get_model("committees", "ProcedureCopy").objects.create(
        procedure=procedure, version=version, given_to="Fire Marshal", how="printed"
    )
    types = apps.get_model("contenttypes", "ContentType").objects
    content_types = {
        model: types.get_or_create(app_label="committees", model=model)[0].pk for model in MODELS
    }
    pointers = old_pointers(
        apps,
        record=procedure,
        content_types=content_types,
        district_id=district.pk,
        level="restricted",
        recipient_id=user.pk,
        kind="procedure_review",
        period="2027-09-01",
    )
    return {
        "procedure": procedure.pk,
        "stray": stray.pk,
        "version": version.pk,
        "review": review.pk,
        "copy": copy.pk,
        "content_types": content_types,
        **pointers,
    }


@pytest.mark.django_db(transaction=True)
def test_a_database_from_before_the_move_keeps_every_procedure_record():
    leaves = latest()
    try:
        executor = migrate_to(BEFORE)
        old = executor.loader.project_state(list(executor.loader.applied_migrations)).apps
        assert not any(app == "procedures" for app, _ in executor.loader.applied_migrations)
        before = _seed_before(old)

        migrate_to(leaves)
        ContentType.objects.clear_cache()

        procedure = Procedure.objects.get(pk=before["procedure"])
        assert (
            procedure.title == "Lockdown procedure" and procedure.owner.username == "upgrade.owner"
        )
        assert procedure.visibility == "restricted"
        assert Procedure.objects.get(pk=before["stray"]).visibility == "restricted"
        version = ProcedureVersion.objects.get(pk=before["version"], procedure=procedure)
        assert version.body == "Lock the doors."
        review = ProcedureReview.objects.get(pk=before["review"], procedure=procedure)
        assert review.version == version and review.note == "ok"
        copy = ProcedureCopy.objects.get(pk=before["copy"], procedure=procedure)
        assert copy.version == version and copy.given_to == "Fire Marshal"
        # The same content types, renamed in place: what points at them finds the records.
        for model, pk in before["content_types"].items():
            moved = ContentType.objects.get(pk=pk)
            assert (moved.app_label, moved.model) == ("procedures", model)
        assert not ContentType.objects.filter(app_label="committees", model__in=MODELS).exists()
        assert (
            ContentType.objects.get_for_model(Procedure).pk == before["content_types"]["procedure"]
        )
        entry = AuditEntry.objects.get(pk=before["audit"])
        assert entry.content_type.get_object_for_this_type(pk=entry.object_id) == procedure
        permission = Permission.objects.get(pk=before["permission"])
        assert permission.content_type.model_class() is Procedure
        # The outbox names its subject by label: it follows, so a scan does not send twice.
        row = Notification.objects.get(pk=before["notification"])
        assert row.subject_type == "procedures.procedure"
        assert apps.get_model(row.subject_type).objects.get(pk=row.subject_id) == procedure
    finally:
        migrate_to(leaves)  # whatever happened, the next test finds the latest schema
        ContentType.objects.clear_cache()
