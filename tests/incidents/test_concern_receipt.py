"""A community member who leaves an e-mail gets a receipt with the reference number
(issue 18): through the outbox, in the language of the page they sent it from, with
where to read its status and nothing of what they wrote."""

import pytest
from django.urls import reverse

from incidents.models import Concern
from notifications import delivery
from notifications.models import Kind, Notification

pytestmark = pytest.mark.django_db

NEW = reverse("public:concern", args=["westport"])
SENT = {
    "building": "high",
    "location": "The gate by the bus loop",
    "description": "The gate does not latch; it swings open in the wind.",
    "name": "Maria Lopez",
    "contact": "maria@example.org",
}


def _receipts(mailoutbox, address="maria@example.org") -> list:
    delivery.sweep()
    return [m for m in mailoutbox if m.to == [address]]


def test_a_sender_with_an_e_mail_gets_the_reference_number(client, cast, mailoutbox):
    client.post(NEW, SENT, REMOTE_ADDR="198.51.100.7")
    concern = Concern.objects.get(contact="maria@example.org")
    row = Notification.objects.get(kind=Kind.CONCERN_RECEIPT)
    assert row.recipient_id is None and row.subscription_id is None
    (message,) = _receipts(mailoutbox)
    assert concern.reference in message.subject and concern.reference in message.body
    status = reverse("public:concern_status", args=["westport"])
    assert f"{status}?reference={concern.reference}" in message.body
    assert "Westport High School" in message.body
    # Nothing the sender wrote: a mailbox can be read by others.
    for text in (SENT["description"], SENT["location"]):
        assert text not in message.body
    # Sent once, however often the outbox sweeps.
    assert len(_receipts(mailoutbox)) == 1


def test_the_receipt_speaks_the_language_of_the_page(client, cast, mailoutbox):
    client.post("/es" + NEW, SENT, REMOTE_ADDR="198.51.100.7")
    (message,) = _receipts(mailoutbox)
    assert "Su inquietud de seguridad" in message.subject
    assert "número de referencia" in message.body


def test_a_phone_number_gets_no_e_mail(client, cast, mailoutbox):
    client.post(NEW, {**SENT, "contact": "203-555-0147"}, REMOTE_ADDR="198.51.100.7")
    assert Concern.objects.filter(contact="203-555-0147").exists()
    assert not Notification.objects.filter(kind=Kind.CONCERN_RECEIPT).exists()
    client.post(NEW, {**SENT, "contact": ""}, REMOTE_ADDR="198.51.100.8")
    assert not Notification.objects.filter(kind=Kind.CONCERN_RECEIPT).exists()


def test_the_spam_trap_sends_nothing(client, cast, mailoutbox):
    client.post(NEW, {**SENT, "website": "http://spam.example"}, REMOTE_ADDR="198.51.100.7")
    assert not Concern.objects.filter(contact="maria@example.org").exists()
    assert _receipts(mailoutbox) == []
