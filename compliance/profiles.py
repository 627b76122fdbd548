"""The state profiles: the duties each state's law implies, with their cadence.

Defined in code; a district picks one (Connecticut by default) and its rules are copied
into the district's own ``DutyRule`` rows, which it may then adjust (cadence, due day,
enable or disable, add its own). The statutes are the reason for each duty; their
wording changes, so every number here is the district's to change.

Cycle arithmetic lives here too: a duty falls due on its rule's day of the year
(month and day), and the next one ``every_months`` later, snapped back to that day.
"""

import calendar
import datetime
from dataclasses import dataclass

from compliance.models import DutyKind, Profile

POLICE_CHIEF, FIRE_CHIEF = "police_chief", "fire_chief"


@dataclass(frozen=True)
class RuleSpec:
    kind: str
    title: str
    citation: str
    every_months: int
    due_month: int
    due_day: int
    review_with: tuple[str, ...] = ()

    def rule_values(self) -> dict:
        """A district's ``DutyRule`` as the profile sets it (its kind aside)."""
        return {
            "title": self.title,
            "citation": self.citation,
            "every_months": self.every_months,
            "due_month": self.due_month,
            "due_day": self.due_day,
            "review_with": list(self.review_with),
        }


# The assessment cycle is in both profiles: every school assessed every two years.
ASSESSMENT = RuleSpec(
    kind=DutyKind.ASSESSMENT,
    title="Security and vulnerability assessment",
    citation="C.G.S. 10-222n",
    every_months=24,
    due_month=6,
    due_day=30,
    review_with=(POLICE_CHIEF, FIRE_CHIEF),
)

PROFILES: dict[str, tuple[RuleSpec, ...]] = {
    Profile.CONNECTICUT: (
        ASSESSMENT,
        RuleSpec(
            kind=DutyKind.PLAN_REVIEW,
            title="School security and safety plan: yearly review, filed with the state",
            citation="C.G.S. 10-222m",
            every_months=12,
            due_month=10,
            due_day=1,
        ),
        RuleSpec(
            kind=DutyKind.DRILL_REPORT,
            title="Annual drills report",
            citation="C.G.S. 10-231",
            every_months=12,
            due_month=7,
            due_day=31,
        ),
    ),
    Profile.MASSACHUSETTS: (
        RuleSpec(
            kind=DutyKind.EVACUATION_REVIEW,
            title="Multi-hazard evacuation plan: yearly review with the police and fire chiefs",
            citation="M.G.L. c.69 §8A",
            every_months=12,
            due_month=9,
            due_day=1,
            review_with=(POLICE_CHIEF, FIRE_CHIEF),
        ),
        RuleSpec(
            kind=DutyKind.MEDICAL_PLAN,
            title="Medical emergency response plan: reviewed with police and fire, "
            "submitted every three years by September 1",
            citation="M.G.L. c.69 §8A",
            every_months=36,
            due_month=9,
            due_day=1,
            review_with=(POLICE_CHIEF, FIRE_CHIEF),
        ),
        ASSESSMENT,
    ),
}

# A duty left undone turns missed this many days after its due date, or when the next
# period falls due, whichever comes first: its period has ended, and it stays on record.
MISSED_AFTER_DAYS = 90


def on_day(year: int, month: int, day: int) -> datetime.date:
    """That day of that year; February 29 in a common year is February 28."""
    return datetime.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    return on_day(day.year + month // 12, month % 12 + 1, day.day)


def first_due(rule, today: datetime.date) -> datetime.date:
    """A new school's (or a new rule's) first duty: the rule's day, today or after."""
    due = on_day(today.year, rule.due_month, rule.due_day)
    return due if due >= today else on_day(today.year + 1, rule.due_month, rule.due_day)


def next_due(rule, due: datetime.date) -> datetime.date:
    """The next period's due date: a cycle after ``due``, on the rule's day nearest to it.

    A due date moved by hand (a week's or a month's delay) does not shift the cycle: the
    next one falls on the rule's day again.
    """
    later = add_months(due, rule.every_months)
    days = [
        on_day(year, rule.due_month, rule.due_day) for year in range(later.year - 1, later.year + 2)
    ]
    return min((d for d in days if d > due), key=lambda d: abs((d - later).days))


def missed_on(rule, due: datetime.date) -> datetime.date:
    """The first day on which an undone duty is missed."""
    return min(due + datetime.timedelta(days=MISSED_AFTER_DAYS + 1), next_due(rule, due))
