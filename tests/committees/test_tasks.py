import datetime

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings

from committees import access
from committees.models import CommitteeUserObjectPermission, Level, Membership
from committees.tasks import sweep_permissions
from safety_portal.celery import app


def _end_term_yesterday(user):
    yesterday = access.district_today(user.district) - datetime.timedelta(days=1)
    Membership.objects.filter(user=user).update(
        term_start=yesterday - datetime.timedelta(days=300), term_end=yesterday
    )


def test_beat_runs_the_sweep_hourly():
    entry = settings.CELERY_BEAT_SCHEDULE["sweep-permissions"]
    assert entry["task"] == sweep_permissions.name
    assert entry["schedule"].minute == {5}


@pytest.mark.django_db(transaction=True)
@pytest.mark.worker
def test_a_real_worker_sweeps_the_rows_of_ended_terms():
    from tests.conftest import build_cast

    cast = build_cast()
    _end_term_yesterday(cast.staff)
    # The gate refuses at once, before any sweep:
    access.forget(cast.staff)
    assert not access.can(cast.staff, access.VIEW, cast.items[("high", Level.COMMITTEE)])
    assert CommitteeUserObjectPermission.objects.filter(user=cast.staff).exists()

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        sweep_permissions.apply_async(ignore_result=False).get(timeout=30)

    assert not CommitteeUserObjectPermission.objects.filter(user=cast.staff).exists()
    assert CommitteeUserObjectPermission.objects.filter(user=cast.chair).exists()
