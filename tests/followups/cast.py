"""The cast's improvement plans, milestones, progress notes and evidence."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from committees.models import Level
from followups import services as followup_services
from tests.cast_base import Cast, canary


def add_plan(cast: Cast, committee_name: str) -> None:
    """A plan per committee: milestones and attachments carry canaries too."""
    committee = getattr(cast, committee_name)
    title = canary("PLAN-COMMITTEE", committee_name)  # a plan's title is the committee's
    plan = followup_services.plan_create(
        committee=committee, school_year=2026, title=title, by=None
    )
    cast.plans[committee_name] = plan
    cast.canaries[title] = (committee_name, Level.COMMITTEE)
    for level in (Level.COMMITTEE, Level.RESTRICTED):
        title = canary(f"MILESTONE-{level.upper()}", committee_name)
        milestone = followup_services.milestone_create(
            plan=plan,
            title=title,
            public_title="Entrance security upgrades",
            category="access_control",
            target_date=datetime.date(2027, 3, 1),
            visibility=level,
            by=None,
        )
        cast.milestones[(committee_name, level)] = milestone
        cast.canaries[title] = (committee_name, level)
        item = cast.items[(committee_name, level)]
        followup_services.action_item_edit(item=item, milestone=milestone, by=None)
        note = canary(f"PROGRESS-{level.upper()}", committee_name)
        followup_services.action_item_add_progress(item=item, by=None, note=note)
        cast.canaries[note] = (committee_name, level)
        name = canary(f"FILENAME-{level.upper()}", committee_name) + ".txt"
        content = canary(f"FILE-CONTENT-{level.upper()}", committee_name)
        evidence = canary(f"EVIDENCE-{level.upper()}", committee_name)
        cast.canaries[evidence] = (committee_name, level)
        followup_services.action_item_add_evidence(
            item=item,
            by=None,
            note=evidence,
            files=[SimpleUploadedFile(name, content.encode(), content_type="text/plain")],
        )
        cast.canaries[name] = (committee_name, level)
        cast.canaries[content] = (committee_name, level)
        cast.attachments[(committee_name, level)] = item.attachments.get()
