"""Thin tasks: each loads by id and calls a service; a second delivery does nothing."""

from celery import shared_task

from notifications import delivery, scans, webhooks


@shared_task
def deliver(notification_id: int) -> str:
    return delivery.deliver(notification_id=notification_id)


@shared_task
def sweep() -> int:
    return delivery.sweep()


@shared_task
def scan() -> int:
    """Write what the features' scans find due (dates, meetings, seats, the week), then ask
    the mail queue to send it."""
    written = scans.scan()
    sweep.delay()
    return written


@shared_task
def deliver_webhook(delivery_id: int) -> str:
    return webhooks.deliver(delivery_id=delivery_id)


@shared_task
def sweep_webhooks() -> int:
    return webhooks.sweep()
