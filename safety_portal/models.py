from django.db import models

from committees.models import Committee


class OverviewCounts(models.Model):
    """One school's counts on the district overview, and the work its school asks of the
    committee, as they stood on ``as_of`` (the district's day): kept so that the overview,
    Today and "My committees" read one row a school, not its history.

    Every change of what they count marks the row, in the change's own transaction: its
    ``version`` goes up and ``as_of`` is cleared (``safety_portal.figures``). The
    overview counts a marked row, or one of another day, again, and stores the counts
    only if the version it read still stands.
    """

    # No constraint: a row is marked inside the deletion of the committee's records,
    # and dropped after the committee itself (figures.py).
    committee = models.OneToOneField(
        Committee,
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=0)
    as_of = models.DateField(null=True, blank=True)
    open = models.PositiveIntegerField(default=0)
    overdue = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    empty_seats = models.PositiveIntegerField(default=0)
    minutes_late = models.PositiveIntegerField(default=0)
    # What the school asks of its committee now (incidents.selectors.BuildingWork): read
    # by a district administrator's Today and "My committees", not by the overview. A
    # default in the database too, so that workers of the release before, which write
    # rows without these columns, keep working while the next one starts.
    open_incidents = models.PositiveIntegerField(default=0, db_default=0)
    new_concerns = models.PositiveIntegerField(default=0, db_default=0)
    drills_due = models.PositiveIntegerField(default=0, db_default=0)
    drills_missing = models.PositiveIntegerField(default=0, db_default=0)

    def __str__(self) -> str:
        return f"counts of committee {self.committee_id} as of {self.as_of}"
