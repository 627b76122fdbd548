"""E-mail subscriptions to public updates: double opt-in, one-click unsubscribe, languages."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from committees.services import district_admin_set
from notifications import services as outbox
from notifications.models import Notification, Subscription
from publishing import services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HONEST = "The committee ordered new radios for lunch duty staff."


def _subscribe(client, email, *, school="", language="en"):
    with translation.override(language):
        url = reverse("public:subscribe", args=["westport"])
    return client.post(url, {"email": email, "building": school})


def _publish(cast, title, committee=None):
    if committee is None:  # the high school's: its secretary writes, its chair publishes
        update, _ = services.update_save(
            committee=cast.high, title=title, body=HONEST, by=cast.secretary
        )
        return services.update_publish(update=update, by=cast.chair)
    deputy = UserFactory(username=f"deputy.{committee.pk}", district=cast.district)
    district_admin_set(user=deputy, is_admin=True)
    update, _ = services.update_save(committee=committee, title=title, body=HONEST, by=deputy)
    return services.update_publish(update=update, by=cast.district_admin)


def _sent_to(address):
    outbox.sweep()
    return [m for m in mail.outbox if address in m.to]


def _link(message, name):
    return re.search(rf"https?://\S+/{name}/", message.body).group(0).split("testserver")[-1]


def test_double_opt_in_then_updates_then_one_click_unsubscribe(cast, client):
    response = _subscribe(client, "Parent@Example.org")
    assert response.status_code == 200
    assert "Check your e-mail" in response.content.decode()
    [confirmation] = _sent_to("parent@example.org")
    assert "Confirm" in confirmation.subject
    _publish(cast, "Radios for lunch duty")
    assert len(_sent_to("parent@example.org")) == 1  # nothing before confirming

    confirm = re.search(r"(/public/westport/subscriptions/\S+/confirm/)", confirmation.body)
    client.get(confirm.group(1))  # a mail scanner's visit subscribes nobody
    assert Subscription.objects.get().confirmed_at is None
    _publish(cast, "Bus routes for the snow days")
    assert len(_sent_to("parent@example.org")) == 1
    assert "You are subscribed" in client.post(confirm.group(1)).content.decode()
    _publish(cast, "Crossing guard at Compo Road")
    news = _sent_to("parent@example.org")[-1]
    assert news.subject.endswith("Crossing guard at Compo Road")
    assert HONEST in news.body
    assert news.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = news.extra_headers["List-Unsubscribe"].strip("<>").split("testserver")[-1]
    unsubscribe = unsubscribe.replace("http://127.0.0.1:8000", "")

    client.get(unsubscribe)  # a link checker's visit changes nothing
    assert Subscription.objects.get().unsubscribed_at is None
    response = client.post(unsubscribe)  # one click, no CSRF token: the mail program's POST
    assert response.status_code == 200
    _publish(cast, "Spring drills")
    assert len(_sent_to("parent@example.org")) == 2


def test_a_school_subscription_gets_its_school_and_the_districts_updates(cast, client):
    high = cast.high.building
    _subscribe(client, "family@example.org", school=high.pk)
    assert len(_sent_to("family@example.org")) == 1  # the confirmation
    subscription = Subscription.objects.get()
    assert subscription.building == high
    client.post(reverse("public:subscription_confirm", args=["westport", subscription.token]))
    _publish(cast, "High school news")
    _publish(cast, "Middle school news", committee=cast.middle)
    _publish(cast, "District news", committee=cast.district_wide)
    subjects = [m.subject for m in _sent_to("family@example.org")[1:]]
    assert any("High school news" in s for s in subjects)
    assert any("District news" in s for s in subjects)
    assert not any("Middle school news" in s for s in subjects)


def test_asking_twice_sends_one_confirmation_a_day_and_answers_the_same(cast, client):
    first = _subscribe(client, "twice@example.org").content.decode()
    second = _subscribe(client, "twice@example.org").content.decode()
    assert first == second
    assert len(_sent_to("twice@example.org")) == 1


def test_a_subscriber_reads_in_the_language_they_subscribed_in(cast, client):
    _subscribe(client, "familia@example.org", language="es")
    [confirmation] = _sent_to("familia@example.org")
    assert "Confirme su suscripción" in confirmation.subject
    subscription = Subscription.objects.get()
    assert subscription.language == "es"
    client.post(reverse("public:subscription_confirm", args=["westport", subscription.token]))
    update, _ = services.update_save(
        committee=cast.high, title="Radios", body=HONEST, by=cast.secretary
    )
    services.update_translation_save(
        update=update, language="es", title="Radios nuevos", body="Radios.", by=cast.secretary
    )
    services.update_publish(update=update, by=cast.chair)
    news = _sent_to("familia@example.org")[-1]
    assert news.subject.endswith("Radios nuevos")
    assert "/es/public/westport/updates/" in news.body


def test_an_update_withdrawn_before_sending_is_not_sent(cast, client):
    _subscribe(client, "late@example.org")
    subscription = Subscription.objects.get()
    client.post(reverse("public:subscription_confirm", args=["westport", subscription.token]))
    outbox.sweep()
    update = _publish(cast, "Posted too early")
    services.update_withdraw(update=update, by=cast.chair, reason="Too early")
    outbox.sweep()
    row = Notification.objects.get(subscription=subscription, kind="public_update")
    assert row.status == Notification.Status.SKIPPED
    assert not any("Posted too early" in m.subject for m in mail.outbox)


def test_a_bad_address_gets_a_clear_message_and_nothing_is_saved(cast, client):
    response = _subscribe(client, "not-an-address")
    assert response.status_code == 200
    assert "Enter a valid email address" in response.content.decode()
    assert not Subscription.objects.exists()
