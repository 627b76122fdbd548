"""Thin tasks: each loads by id and calls a service; a second delivery does nothing."""

from celery import shared_task

from notifications import scans, services


@shared_task
def deliver(notification_id: int) -> str:
    return services.deliver(notification_id=notification_id)


@shared_task
def sweep() -> int:
    return services.sweep()


@shared_task
def scan() -> int:
    """Write what the due dates, meetings, seats and the week call for, then send it."""
    written = scans.scan()
    services.sweep()
    return written
