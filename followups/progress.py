"""Progress of milestones and plans, from their action items.

A milestone's progress is done over all, cancelled left out; one with nothing to
count is 0% (not started). A plan's is the mean of its milestones'; a plan without
milestones has none. The percentages count every item whatever its level: they
name nothing, and the public is meant to see them ("entrance security: 60%").
"""

from django.db.models import Count, Q

from followups.models import ActionItem, Milestone


def milestone_progress(milestone_ids) -> dict[int, int]:
    """Percent done per milestone, in one query however many there are."""
    ids = list(milestone_ids)
    progress = dict.fromkeys(ids, 0)
    rows = (
        ActionItem.objects.filter(milestone_id__in=ids)
        .values("milestone_id")
        .annotate(
            counted=Count("id", filter=~Q(status=ActionItem.Status.CANCELLED)),
            done=Count("id", filter=Q(status=ActionItem.Status.DONE)),
        )
    )
    for row in rows:
        if row["counted"]:
            progress[row["milestone_id"]] = row["done"] * 100 // row["counted"]
    return progress


def mean_progress(percentages) -> int | None:
    values = list(percentages)
    return sum(values) // len(values) if values else None


def plan_progress(plan_ids) -> dict[int, int | None]:
    """Percent done per plan: the mean of its milestones'. Two queries for any number."""
    ids = list(plan_ids)
    milestones = list(Milestone.objects.filter(plan_id__in=ids).values_list("id", "plan_id"))
    per_milestone = milestone_progress(m for m, _ in milestones)
    grouped: dict[int, list[int]] = {plan_id: [] for plan_id in ids}
    for milestone_id, plan_id in milestones:
        grouped[plan_id].append(per_milestone[milestone_id])
    return {plan_id: mean_progress(values) for plan_id, values in grouped.items()}
