"""The cast's record of who and what it holds, and its canary strings.

The cast itself is built in tests/conftest.py; each feature adds its records
from tests/<app>/cast.py.
"""

from dataclasses import dataclass, field


@dataclass
class Cast:
    district: object
    other_district: object
    high: object  # the high school committee
    middle: object
    district_wide: object
    other_committee: object  # district B's
    people: dict = field(default_factory=dict)
    canaries: dict = field(default_factory=dict)  # canary -> the records' level and committee
    items: dict = field(default_factory=dict)
    plans: dict = field(default_factory=dict)
    milestones: dict = field(default_factory=dict)
    attachments: dict = field(default_factory=dict)
    meetings: dict = field(default_factory=dict)
    # (committee, where) -> a document of its meeting's packet: "item" (a restricted one on
    # the committee-level agenda item), "item-committee", "section" (on the restricted one)
    documents: dict = field(default_factory=dict)
    executive: object = None  # the high school committee's executive session, on record
    updates: dict = field(default_factory=dict)  # the high school committee's, by state
    procedures: dict = field(default_factory=dict)  # one per committee
    incidents: dict = field(default_factory=dict)  # (committee, level) -> incident
    concerns: dict = field(default_factory=dict)  # school committee -> community concern
    drills: dict = field(default_factory=dict)  # (committee, level) -> drill
    duties: dict = field(default_factory=dict)  # school committee -> its compliance duties
    # school committee -> {"completed": assessment, "in_progress": assessment}, and their
    # findings by the same keys
    assessments: dict = field(default_factory=dict)
    findings: dict = field(default_factory=dict)
    # Records held by stricter ones, some written around the services:
    # (committee, effective level, action item), and the meeting reclassified after approval.
    chained: list = field(default_factory=list)
    reclassified: object = None
    api_token: object = None  # the outsider's (a facilities director's script)

    def __getattr__(self, name):
        if name.startswith("__"):  # copy's questions, before ``people`` exists
            raise AttributeError(name)
        try:
            return self.people[name]
        except KeyError:
            raise AttributeError(name) from None


# role -> (username, committee attribute or None, category, position, cleared)


def canary(kind: str, where: str) -> str:
    return f"CANARY-{kind}-{where}-7f3a"
