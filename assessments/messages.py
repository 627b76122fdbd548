"""What the assessments' notifications say, decided when they are sent.

Each builder declares its kind to the outbox (``@builds``) when
``AssessmentsConfig.ready()`` loads this module; the gate is asked again as the
recipient. Findings are restricted: a message names no detail of them.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from committees import access
from committees.access import Cap
from committees.messages import builds, require_view
from notifications.content import Content, Skip
from notifications.models import Kind


@builds(Kind.ASSESSMENT_FINDINGS)
def assessment_findings(row, user, assessment):
    """To the cleared members and the chair: completed with findings, and a link."""
    require_view(user, assessment)
    if not access.can(user, Cap.VIEW_RESTRICTED, assessment):
        raise Skip("the person may no longer see the findings")
    return Content(
        subject=_("An assessment of your school is completed with findings"),
        lines=[
            _(
                "A security assessment of your school is completed and has findings for the "
                "committee to follow up. Sign in to see them."
            )
        ],
        link=reverse("assessments:assessment", args=[assessment.pk]),
        link_text=_("Open the assessment"),
    )
