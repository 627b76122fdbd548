from celery import shared_task


@shared_task(ignore_result=False)
def ping() -> str:
    """Answer from a worker; used to check that the broker and a worker are wired up."""
    return "pong"
