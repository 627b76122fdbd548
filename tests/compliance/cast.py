"""The cast's compliance calendar: Westport on the Connecticut profile, Millbrook on
Massachusetts'; canaries in completion notes, co-reviewers and receipts (names and
contents), at the committee level and restricted."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from committees import access
from committees.models import Level
from compliance import services
from compliance.models import Duty, DutyKind, DutyStatus
from tests.cast_base import Cast, canary

SCHOOLS = ("high", "middle", "other_committee")


def _file(name: str, content: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content.encode(), content_type="text/plain")


def _open(committee, kind) -> Duty:
    return Duty.objects.get(committee=committee, kind=kind, status=DutyStatus.OPEN)


def add_duties(cast: Cast) -> None:
    services.profile_set(district=cast.district, profile="CT", by=None)
    services.profile_set(district=cast.other_district, profile="MA", by=None)
    for name in SCHOOLS:
        committee = getattr(cast, name)
        first = DutyKind.PLAN_REVIEW if name != "other_committee" else DutyKind.EVACUATION_REVIEW
        # Done, with a committee-level receipt and a note: the committee's.
        done = services.duty_complete(
            duty=_open(committee, first),
            by=None,
            note=canary("DUTY-NOTE", name),
            files=[
                _file(
                    canary("RECEIPT-NAME", name) + ".txt",
                    canary("RECEIPT-CONTENT", name),
                )
            ],
        )
        cast.canaries[done.note] = (name, Level.COMMITTEE)
        cast.canaries[canary("RECEIPT-NAME", name)] = (name, Level.COMMITTEE)
        cast.canaries[canary("RECEIPT-CONTENT", name)] = (name, Level.COMMITTEE)
        # Done with a restricted receipt: its name and its words for cleared members.
        second = _open(committee, DutyKind.ASSESSMENT)
        restricted = services.duty_complete(
            duty=second,
            by=None,
            note=canary("DUTY-NOTE-2", name),
            files=[
                _file(
                    canary("RESTRICTED-RECEIPT-NAME", name) + ".txt",
                    canary("RESTRICTED-RECEIPT-CONTENT", name),
                )
            ],
            restricted=True,
        )
        cast.canaries[restricted.note] = (name, Level.COMMITTEE)
        cast.canaries[canary("RESTRICTED-RECEIPT-NAME", name)] = (name, Level.RESTRICTED)
        cast.canaries[canary("RESTRICTED-RECEIPT-CONTENT", name)] = (name, Level.RESTRICTED)
        # Open, owned, with a guest co-reviewer named.
        kind = DutyKind.DRILL_REPORT if name != "other_committee" else DutyKind.MEDICAL_PLAN
        still_open = _open(committee, kind)
        # Far from due, whatever today is: other features' scans tell its owner nothing.
        far = access.district_today(committee.district) + datetime.timedelta(days=200)
        still_open = services.duty_reschedule(duty=still_open, due_on=far, by=None)
        if name == "high":
            services.duty_assign(duty=still_open, owner=cast.staff, by=None)
        guest = services.duty_reviewer_add(
            duty=still_open, role="police_chief", name=canary("DUTY-GUEST", name), by=None
        )
        cast.canaries[guest.name] = (name, Level.COMMITTEE)
        cast.duties[name] = {
            "done": done,
            "restricted": restricted,
            "open": still_open,
            "guest": guest,
            "receipts": {
                Level.COMMITTEE: done.receipts.get(),
                Level.RESTRICTED: restricted.receipts.get(),
            },
        }
