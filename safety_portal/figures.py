"""The district overview's stored counts (``OverviewCounts``): marked by every change of
what they count, in that change's transaction, and counted again by their reader where
marked or of another day.

The counts are derived data, like a cache, and the marks are its invalidation: they
follow every save and deletion of the records counted (items, seats, meetings, posted
minutes, incidents, concerns, drills) and of what the counts are read with (the
district's seat and meeting rules, its school calendar and drill cadence, its time
zone, a building's level), whichever service or admin page made it. So they
hang on Django's model signals, the one place every save passes, rather than on a call
each service must remember; they decide nothing and change no record.

The marks write no count: counting stays with the overview's selectors, through the
gate. A change made with ``QuerySet.update()`` or ``bulk_create`` sends no signal; no
write of a counted field in the product is made that way (the benchmark's generator
writes in bulk before any row exists, and the first reading counts).
"""

import datetime
from collections.abc import Callable

from django.db import connection
from django.db.models.signals import post_delete, post_save

from committees.models import Building, Committee, District, Membership, RepresentationRule
from followups.models import ActionItem
from incidents.models import Concern, Drill, DrillCadence, Incident, SchoolYear
from meetings.models import Meeting, MeetingRules, PublicMinutes
from safety_portal.models import OverviewCounts

# Every count a row holds, in the model's order: its fields but the committee's and the
# row's own bookkeeping.
COUNTS = tuple(
    field.name
    for field in OverviewCounts._meta.concrete_fields
    if field.name not in ("committee", "version", "as_of")
)

_TABLE = OverviewCounts._meta.db_table
_COMMITTEES = Committee._meta.db_table

# The committees of the query ``ids`` get a row marked for counting again: a new one
# (version 1), or theirs with its version raised. The row is written, not only updated
# where it exists, so that an overview counting at the same moment finds the version
# moved and keeps nothing it counted before the change. Rows are written in the order of
# their committees, here and in ``_STORE``, so that two writers of the same rows (a
# district's seat rules and an overview storing its counts) wait for each other rather
# than deadlock.
_MARK = f"""
    INSERT INTO {_TABLE} (committee_id, version, as_of, {", ".join(COUNTS)})
    SELECT id, 1, NULL, {", ".join("0" for _ in COUNTS)} FROM {_COMMITTEES} WHERE id IN ({{ids}})
    ORDER BY id
    ON CONFLICT (committee_id)
    DO UPDATE SET version = {_TABLE}.version + 1, as_of = NULL
"""  # noqa: S608 - names from the models' own metadata; values as parameters

# The counts of the committees counted again, each kept only if its row's version is
# still the one read before counting (0: there was no row, and none may have appeared
# since).
_STORE = f"""
    INSERT INTO {_TABLE} AS stored (committee_id, version, as_of, {", ".join(COUNTS)})
    VALUES {{values}}
    ON CONFLICT (committee_id)
    DO UPDATE SET as_of = EXCLUDED.as_of, {", ".join(f"{c} = EXCLUDED.{c}" for c in COUNTS)}
    WHERE stored.version = EXCLUDED.version
"""  # noqa: S608 - names from the model's own metadata; values as parameters


def mark(committees) -> None:
    """Mark the counts of these committees (a queryset of them) for counting again."""
    sql, params = committees.order_by().values("id").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(_MARK.format(ids=sql), params)


def counts(committees: list[int], today: datetime.date, count: Callable) -> dict[int, dict]:
    """committee id -> its counts today: the stored ones where they stand, the others from
    ``count(ids)`` (committee id -> counts), stored for the next reader.

    One query when every row stands; when some do not, the count's and one more to store
    them, however many.
    """
    if not committees:
        return {}
    rows = {
        row["committee_id"]: row
        for row in OverviewCounts.objects.filter(committee_id__any=committees).values(
            "committee_id", "version", "as_of", *COUNTS
        )
    }
    known = {pk: row for pk, row in rows.items() if row["as_of"] == today}
    missing = sorted(pk for pk in committees if pk not in known)
    if not missing:
        return known
    fresh = count(missing)
    values, params = [], []
    for pk in missing:
        values.append(f"(%s, %s, %s, {', '.join('%s' for _ in COUNTS)})")
        version = rows[pk]["version"] if pk in rows else 0
        params += [pk, version, today, *(fresh[pk][c] for c in COUNTS)]
    with connection.cursor() as cursor:
        cursor.execute(_STORE.format(values=", ".join(values)), params)
    return known | fresh


def _of_committee(sender, instance, **kwargs):
    mark(Committee.objects.filter(pk=instance.committee_id))


def _of_meeting(sender, instance, **kwargs):
    meeting = Meeting.objects.filter(pk=instance.meeting_id)
    mark(Committee.objects.filter(pk__in=meeting.values("committee_id")))


def _of_district(sender, instance, **kwargs):
    mark(Committee.objects.filter(district_id=instance.district_id))


def _of_handed_on(sender, instance, created=False, **kwargs):
    # An incident or a concern may be handed to another committee of the district: the
    # one it leaves is counted again too, so the whole district is marked.
    if not created and _changed(kwargs, "committee"):
        district = Committee.objects.filter(pk=instance.committee_id).values("district_id")
        mark(Committee.objects.filter(district_id__in=district))
    else:
        _of_committee(sender, instance)


def _changed(kwargs, field: str) -> bool:
    """Whether a save may have changed ``field``: a save of named fields says which."""
    update_fields = kwargs.get("update_fields")
    return update_fields is None or field in update_fields


def _of_itself(sender, instance, **kwargs):
    if _changed(kwargs, "building"):  # which seat rules apply
        mark(Committee.objects.filter(pk=instance.pk))


def _of_whole_district(sender, instance, created=False, **kwargs):
    # The district's day, and so its school year, follow its time zone; the hourly
    # permission sweep saves its own date alone and changes nothing counted.
    if not created and _changed(kwargs, "time_zone"):
        mark(Committee.objects.filter(district_id=instance.pk))


def _of_building(sender, instance, created=False, **kwargs):
    if not created and _changed(kwargs, "level"):  # high-school seat rules
        mark(Committee.objects.filter(building_id=instance.pk))


def _dropped(sender, instance, **kwargs):
    OverviewCounts.objects.filter(committee_id=instance.pk).delete()


def connect() -> None:
    """Hang the marks on the saves and deletions of what the counts read."""
    for model in (ActionItem, Membership, Meeting, Drill):
        post_save.connect(_of_committee, sender=model, dispatch_uid=f"figures-{model.__name__}")
        post_delete.connect(_of_committee, sender=model, dispatch_uid=f"figures-{model.__name__}")
    for model in (Incident, Concern):
        post_save.connect(_of_handed_on, sender=model, dispatch_uid=f"figures-{model.__name__}")
        post_delete.connect(_of_committee, sender=model, dispatch_uid=f"figures-{model.__name__}")
    post_save.connect(_of_meeting, sender=PublicMinutes, dispatch_uid="figures-minutes")
    post_delete.connect(_of_meeting, sender=PublicMinutes, dispatch_uid="figures-minutes")
    for model in (RepresentationRule, MeetingRules, SchoolYear, DrillCadence):
        post_save.connect(_of_district, sender=model, dispatch_uid=f"figures-{model.__name__}")
        post_delete.connect(_of_district, sender=model, dispatch_uid=f"figures-{model.__name__}")
    post_save.connect(_of_itself, sender=Committee, dispatch_uid="figures-committee")
    post_delete.connect(_dropped, sender=Committee, dispatch_uid="figures-committee")
    post_save.connect(_of_whole_district, sender=District, dispatch_uid="figures-district")
    post_save.connect(_of_building, sender=Building, dispatch_uid="figures-building")
