from django.conf import settings
from django.db import models
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from committees.access import gated
from committees.models.organization import Committee, Level


@gated(committee="committee", level="visibility", named_grants=True)
class ActionItem(models.Model):
    """A follow-up with an owner and a due date, on a committee's improvement timeline."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        BLOCKED = "blocked", "Blocked"
        DONE = "done", "Done"
        CANCELLED = "cancelled", "Cancelled"

    class Priority(models.TextChoices):
        HIGH = "high", "High"
        MEDIUM = "medium", "Medium"
        LOW = "low", "Low"

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="action_items")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    visibility = models.CharField(max_length=12, choices=Level.choices, default=Level.COMMITTEE)
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.MEDIUM)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="assigned_action_items",
        null=True,
        blank=True,
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, related_name="+", null=True, blank=True
    )
    due_date = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(fields=["committee", "visibility"]),
            models.Index(fields=["assignee", "status"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status not in {self.Status.DONE, self.Status.CANCELLED}


class ActionItemUserObjectPermission(UserObjectPermissionBase):
    """Named grants: one action item shared with one person (guardian, direct foreign key)."""

    content_object = models.ForeignKey(ActionItem, on_delete=models.CASCADE)


class ActionItemGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(ActionItem, on_delete=models.CASCADE)
