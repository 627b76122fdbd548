"""Where an entry is filed: its record's district, and the level it is read at."""

from django.db import models

from committees import access
from committees.models import Committee


def district_id_of(record: models.Model) -> int | None:
    """The district a record belongs to, through its committee."""
    spec = access.REGISTRY.get(type(record))
    if spec is None:
        return getattr(record, "district_id", None)
    if not spec.committee:
        return record.district_id
    committee_id = spec.committee_id_of(record)
    if committee_id is None:
        return None
    return Committee.objects.filter(pk=committee_id).values_list("district_id", flat=True).first()


def level_of(record: models.Model, changes) -> str:
    """The level an entry about ``record`` is written at: the strictest of the record's
    level along its chain now and its own level before this change."""
    spec = access.REGISTRY.get(type(record))
    if spec is None or spec.level is None:
        return ""
    levels = [access.effective_level(record)]
    if isinstance(changes, dict) and "__" not in spec.level and spec.level in changes:
        levels.append(changes[spec.level][0])
    return access.strictest(levels) or ""
