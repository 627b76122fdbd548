from celery import shared_task

from committees import services


@shared_task
def sweep_permissions() -> int:
    """Remove the permission rows of terms that ended since the last run (the gate already
    ignores them)."""
    return services.permissions_sweep()
