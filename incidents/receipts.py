"""The receipt a community member gets for a concern, at the e-mail address they left:
its reference number and where to read its status, in the language of the page they
sent it from; nothing of what they wrote (a mailbox can be read by others)."""

from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from incidents.models import Concern
from notifications.content import Skip


def address_of(concern: Concern) -> str | None:
    """The e-mail address the sender left, if the contact they gave is one."""
    try:
        validate_email(concern.contact)
    except ValidationError:
        return None
    return concern.contact


def receipt_compose(row, concern: Concern) -> EmailMessage:
    address = address_of(concern)
    if address is None:
        raise Skip("the sender left no e-mail address")
    district = concern.building.district
    language = concern.language or settings.LANGUAGE_CODE
    with translation.override(language), timezone.override(ZoneInfo(district.time_zone)):
        status = reverse("public:concern_status", args=[district.slug])
        link = f"{settings.SITE_URL}{status}?{urlencode({'reference': concern.reference})}"
        received = formats.date_format(timezone.localtime(concern.created_at), "DATE_FORMAT")
        lines = [
            _("Thank you: your safety concern about %(school)s was received on %(day)s.")
            % {"school": concern.building.name, "day": received},
            _("Its reference number is %(reference)s. Keep it to read its status.")
            % {"reference": concern.reference},
            _("The school's safety committee reviews it. This is not for emergencies."),
        ]
        subject = _("Your safety concern: reference %(reference)s") % {
            "reference": concern.reference
        }
        body = render_to_string(
            "incidents/email/concern_receipt.txt",
            {"lines": lines, "link": link, "district": district},
        )
    return EmailMessage(subject=f"[{district.name}] {subject}", body=body, to=[address])
