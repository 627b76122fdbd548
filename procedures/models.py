"""Confidential procedures: versioned, reviewed on a cycle, every copy on record.

These models were born in ``committees``; their tables keep the names they had there
(``db_table``), so an existing database moved to this app without copying a row.
"""

import calendar
import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from committees.gate import gated
from committees.models import Committee, Level


@gated(committee="committee", level="visibility", restricted_only=True)
class Procedure(models.Model):
    """An emergency operations plan, a lockdown procedure: always restricted.

    Its public title and the date of its last review are public by design (the
    public index of procedures); nothing else of it is.
    """

    class Kind(models.TextChoices):
        EMERGENCY_OPERATIONS = "emergency_operations", _("Emergency operations plan")
        LOCKDOWN = "lockdown", _("Lockdown")
        EVACUATION = "evacuation", _("Evacuation")
        REUNIFICATION = "reunification", _("Reunification")
        MEDICAL = "medical", _("Medical emergency response")
        OTHER = "other", pgettext_lazy("one kind", "Other")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="procedures")
    kind = models.CharField(max_length=24, choices=Kind.choices)
    title = models.CharField(max_length=200, help_text="For the committee.")
    # What the public index of procedures shows, once a second person approved it
    # (PublicTextChange); blank until then, and the index leaves the procedure out.
    public_title = models.CharField(
        max_length=200,
        blank=True,
        help_text="Public: the index of procedures shows it. Say what, not how.",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Hears when a review falls due.",
    )
    review_every_months = models.PositiveSmallIntegerField(default=12)
    last_reviewed_on = models.DateField(null=True, blank=True)
    visibility = models.CharField(max_length=12, default=Level.RESTRICTED, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "committees_procedure"
        ordering = ["committee", "kind", "title"]
        constraints = [
            # The gate reads procedures as restricted only (``restricted_only``), and
            # ``can()`` reads a procedure's own level: the database holds them to it.
            models.CheckConstraint(
                condition=models.Q(visibility=Level.RESTRICTED), name="procedure_always_restricted"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def next_review_on(self) -> datetime.date | None:
        start = self.last_reviewed_on or (self.created_at and self.created_at.date())
        if start is None:
            return None
        month = start.month - 1 + self.review_every_months
        year, month = start.year + month // 12, month % 12 + 1
        # A review on 31 January, monthly, falls due on the last day of February.
        return datetime.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


@gated(committee="procedure__committee", level="procedure__visibility", restricted_only=True)
class ProcedureVersion(models.Model):
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    body = models.TextField(help_text="Markdown.")
    note = models.CharField(max_length=300, blank=True, help_text="What changed.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "committees_procedureversion"
        ordering = ["procedure", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "number"], name="one_version_number"),
        ]

    def __str__(self) -> str:
        return f"{self.procedure} v{self.number}"


@gated(committee="procedure__committee", level="procedure__visibility", restricted_only=True)
class ProcedureReview(models.Model):
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="reviews")
    version = models.ForeignKey(ProcedureVersion, on_delete=models.SET_NULL, null=True)
    reviewed_on = models.DateField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        db_table = "committees_procedurereview"
        ordering = ["procedure", "-reviewed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.procedure} reviewed {self.reviewed_on}"


@gated(committee="procedure__committee", level="procedure__visibility", restricted_only=True)
class ProcedureCopy(models.Model):
    """A copy given or exported: who, to whom, when, how (ACCESS.md: record who received one)."""

    class How(models.TextChoices):
        EXPORT_PDF = "export_pdf", _("Exported as PDF")
        EXPORT_TEXT = "export_text", _("Exported as text")
        PRINTED = "printed", _("Printed and handed over")
        EMAILED = "emailed", _("Sent by e-mail")
        OTHER = "other", pgettext_lazy("one kind", "Other")

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="copies")
    version = models.ForeignKey(ProcedureVersion, on_delete=models.SET_NULL, null=True)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    given_to = models.CharField(max_length=200, help_text="A person and their organisation.")
    how = models.CharField(max_length=12, choices=How.choices)
    note = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "committees_procedurecopy"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.procedure} to {self.given_to}"
