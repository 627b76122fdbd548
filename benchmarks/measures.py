"""What the runner measures inside the product's own process, on a generated database.

Each function returns a dict for the results file. Nothing here asserts: a figure is
a figure.
"""

import contextlib
import datetime
import io
import time
import tracemalloc

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from benchmarks import cast
from benchmarks.cast import PAGES
from benchmarks.sessions import session_for
from committees import public_cache
from committees import tasks as committee_tasks
from committees.models import Building, Committee, Membership
from followups.models import OPEN_STATUSES, ActionItem, WorkCategory
from notifications import scans
from notifications import tasks as notification_tasks
from notifications.models import Kind, Notification
from safety_portal.school_calendar import district_today

User = get_user_model()
# The longest a due date can be ahead for a reminder (followups.scans).
SCAN_WINDOW_DAYS = 30


def heavy_committee() -> Committee:
    return Committee.objects.select_related("district").get(
        district__slug=cast.DISTRICT_SLUG, name=cast.HEAVY_COMMITTEE
    )


def page_paths() -> dict[str, str]:
    """Each page's path on this database."""
    heavy = heavy_committee()
    building = Building.objects.get(pk=heavy.building_id)
    public = reverse(
        "public:building", kwargs={"district": heavy.district.slug, "building": building.slug}
    )
    return {
        "public_cached": public,
        "public_uncached": public,
        "admin_mine": reverse("portal:mine"),
        "admin_items": reverse("followups:items", kwargs={"pk": heavy.pk}),
        "admin_overview": reverse("portal:district_overview"),
        "parent_items": reverse("followups:items", kwargs={"pk": heavy.pk}),
        "meetings": reverse("meetings:list", kwargs={"pk": heavy.pk}),
        "incidents": reverse("incidents:queue", kwargs={"pk": heavy.pk}),
        "drills": reverse("incidents:drills", kwargs={"pk": heavy.pk}),
        "committee": reverse("committees:detail", kwargs={"pk": heavy.pk}),
        "admin_today": reverse("today"),
        "parent_today": reverse("today"),
    }


def sessions() -> dict[str, str]:
    readers = {page.reader for page in PAGES if page.reader}
    return {user.username: session_for(user) for user in User.objects.filter(username__in=readers)}


def bust_suffix(n: int) -> str:
    """A query string the public cache's key includes and the page ignores."""
    return f"?bench={n}"


# --- query counts ----------------------------------------------------------------------


def query_counts() -> dict[str, dict]:
    """Each page once through Django's test client: its status, size and queries.

    The cached public page is read twice and counted the second time, from the cache.
    The uncached one is read as a reader the stored pages cannot serve meets it (its body
    from the parts the cached page left), and once more rendered afresh, as the first
    reader after a publication meets it (``afresh``: its queries, and its time in this
    process).
    """
    paths = page_paths()
    clients: dict[str | None, Client] = {None: Client()}
    for username in {page.reader for page in PAGES if page.reader}:
        client = Client()
        client.force_login(User.objects.get(username=username))
        clients[username] = client
    results = {}
    for n, page in enumerate(PAGES):
        client = clients[page.reader]
        path = paths[page.name] + (bust_suffix(n) if page.bust else "")
        if page.name == "public_cached":
            client.get(path, secure=True)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, secure=True)
        results[page.name] = {
            "status": response.status_code,
            "bytes": len(response.content),
            "queries": len(queries),
        }
        if page.name == "public_uncached":
            results[page.name]["afresh"] = _afresh(client, path)
    return results


def _afresh(client: Client, path: str) -> dict:
    """A public page read right after its district's public pages were invalidated."""
    public_cache.bump(heavy_committee().district_id)
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        client.get(path, secure=True)
        ms = (time.perf_counter() - started) * 1000
    return {"queries": len(queries), "ms": round(ms, 1)}


# --- the reminder scan, the outbox, the permission sweep --------------------------------


def reminder_scan() -> dict:
    """One run of the hourly scan over every district: its time and rows written."""
    heavy = heavy_committee()
    today = district_today(heavy.district)
    due = ActionItem.objects.filter(
        status__in=OPEN_STATUSES,
        assignee__isnull=False,
        due_date__lte=today + datetime.timedelta(days=SCAN_WINDOW_DAYS),
    ).count()
    started = time.perf_counter()
    written = scans.scan()
    return {
        "seconds": round(time.perf_counter() - started, 3),
        "written": written,
        "items": ActionItem.objects.count(),
        "due_items": due,
    }


def outbox_sweep(*, limit: int = 2000, budget_seconds: float = 120) -> dict:
    """Messages per second one worker's sweep sends to the SMTP sink (EMAIL_HOST).

    The first ``limit`` pending reminders are left due; the others are put off a year (the
    runner settles the outbox afterwards anyway). So are the week's digests, which a scan
    on a Monday morning (local) writes for every member: the sweep is measured on the
    reminders every scan writes, whatever the day of the run (most digests of the
    generated data have nothing to say and are skipped, which "sent per second" would
    count as time lost).
    """
    pending = Notification.objects.filter(status=Notification.Status.PENDING)
    reminders = pending.exclude(kind=Kind.DIGEST).order_by("next_attempt_at", "id")
    kept = list(reminders.values_list("pk", flat=True)[:limit])
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=365)
    pending.exclude(pk__in=kept).update(next_attempt_at=later)
    sweeps = 0
    started = time.perf_counter()
    while time.perf_counter() - started < budget_seconds:
        sweeps += 1
        if not notification_tasks.sweep():
            break
    seconds = time.perf_counter() - started
    outcome = dict.fromkeys(Notification.Status.values, 0)
    for status in Notification.objects.filter(pk__in=kept).values_list("status", flat=True):
        outcome[status] += 1
    sent = outcome[Notification.Status.SENT]
    return {
        "offered": len(kept),
        "outcome": outcome,
        "sweeps": sweeps,
        "seconds": round(seconds, 3),
        "per_second": round(sent / seconds, 1) if seconds and sent else 0.0,
    }


def outbox_settle() -> dict:
    """Leave nothing pending (seed_demo's own sweep then sends only its own rows)."""
    pending = Notification.objects.filter(status=Notification.Status.PENDING)
    return {"settled": pending.update(status=Notification.Status.SKIPPED, reason="benchmark")}


def permission_sweep() -> dict:
    """The hourly permission sweep, twice: what each run touched, its time and queries."""
    runs = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            touched = committee_tasks.sweep_permissions()
            seconds = time.perf_counter() - started
        writes = sum(
            1
            for q in queries
            if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        )
        runs.append(
            {
                "seconds": round(seconds, 3),
                "touched": touched,
                "queries": len(queries),
                "writes": writes,
            }
        )
    return {"memberships": Membership.objects.count(), "runs": runs}


# --- the CSV export -----------------------------------------------------------------------


def _export(client: Client, path: str) -> tuple[float, int, int]:
    started = time.perf_counter()
    response = client.get(path, secure=True)
    size = lines = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        lines += chunk.count(b"\n")
    return time.perf_counter() - started, size, lines


def _peak(client: Client, path: str) -> int:
    tracemalloc.start()
    try:
        _export(client, path)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def csv_export() -> dict:
    """The heavy committee's CSV for its district administrator: its time, and the peak
    of Python memory against the same export narrowed to one category of work (about an
    eighth of the rows): in constant memory, the two peaks are alike."""
    heavy = heavy_committee()
    client = Client()
    client.force_login(User.objects.get(username=cast.DISTRICT_ADMIN))
    path = reverse("followups:items_csv", kwargs={"pk": heavy.pk})
    narrow = f"{path}?category={WorkCategory.TRAINING}"
    _export(client, narrow)  # warm: templates, URL resolvers, connections
    seconds, size, lines = _export(client, path)
    return {
        "seconds": round(seconds, 3),
        "bytes": size,
        "rows": max(0, lines - 1),
        "peak_bytes": _peak(client, path),
        "narrow_rows": max(0, _export(client, narrow)[2] - 1),
        "narrow_peak_bytes": _peak(client, narrow),
    }


# --- seed_demo ---------------------------------------------------------------------------


def seed_demo() -> dict:
    """``manage.py seed_demo`` (needs DEBUG=true), its e-mail to the console swallowed."""
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        started = time.perf_counter()
        call_command("seed_demo", stdout=output)
        seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 3)}


def page_setup() -> dict:
    """The pages' paths and a signed-in session for each reader, for the load tool."""
    return {"paths": page_paths(), "sessions": sessions()}
