"""The benchmark never rots: its generator, its in-process measures and its report run
on a tiny statewide volume in the test database. No timing is asserted; `make bench`
is where figures are read (docs/benchmarks.md)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType

from audit.models import AuditEntry
from benchmarks import cast, report, run, statewide
from benchmarks.cast import PAGES
from benchmarks.measures import (
    csv_export,
    outbox_sweep,
    page_setup,
    permission_sweep,
    query_counts,
    reminder_scan,
)
from committees.gate import spec_for
from committees.models import CommitteeUserObjectPermission, District, Level
from committees.services import permissions_sweep
from compliance.models import Duty, DutyStatus
from followups.models import ActionItem
from notifications.models import Notification
from notifications.webhooks import latest_deliveries
from procedures.models import Procedure

pytestmark = pytest.mark.django_db
User = get_user_model()

SCALE = 0.0005
# Of 500 items, 1% falling due were five, and whether any fell on a day the scan reminds
# of was the seed's luck: a twentieth are 25.
DUE_FRACTION = 0.05


@pytest.fixture
def generated():
    return statewide.generate(SCALE, due_fraction=DUE_FRACTION)


def _grants() -> set[tuple[int, int, str]]:
    return set(
        CommitteeUserObjectPermission.objects.values_list(
            "user_id", "content_object_id", "permission__codename"
        )
    )


def test_the_generator_writes_the_volume_of_its_scale(generated):
    volume = generated["volume"]
    assert volume["districts"] == volume["buildings"] == 1
    assert generated["rows"]["followups.ActionItem"] == volume["items"] == 500
    assert ActionItem.objects.filter(committee__name=cast.HEAVY_COMMITTEE).count() == 500


def test_the_generator_writes_years_of_history_in_the_tables_that_only_grow(generated):
    """Sent messages, the audit trail and an integration's deliveries, each of its district
    and about an item of that district: the pages that read them meet them."""
    volume, rows = generated["volume"], generated["rows"]
    for label, wanted in [
        ("notifications.Notification", volume["past_messages"]),
        ("audit.AuditEntry", volume["audit_entries"]),
        ("notifications.WebhookDelivery", volume["deliveries"]),
    ]:
        assert rows[label] == wanted > 0, label
    district = District.objects.get(slug=cast.DISTRICT_SLUG)
    messages = Notification.objects.filter(period__startswith="past-")
    assert set(messages.values_list("district", flat=True)) == {district.pk}
    assert not messages.filter(status=Notification.Status.PENDING).exists()
    assert messages.filter(status=Notification.Status.FAILED).exists()
    items = set(ActionItem.objects.values_list("pk", flat=True))
    assert set(messages.values_list("subject_id", flat=True)) <= items
    trail = AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(ActionItem))
    assert trail.count() == volume["audit_entries"]
    assert set(trail.values_list("district", flat=True)) == {district.pk}
    assert set(trail.values_list("object_id", flat=True)) <= items
    # Never below the item it tells of: the generator keeps no item's level, so the strictest.
    assert set(trail.values_list("level", flat=True)) == {Level.RESTRICTED}
    account = User.objects.get(is_service_account=True, district=district)
    assert len(latest_deliveries(account)) == 20


def test_every_link_of_an_items_chain_holds_rows_and_no_item_is_below_its_holder(generated):
    """The gate's chain has rows to walk on every path (a page's plan on empty tables is
    not production's), and each item is at least as strict as what holds it, as the
    services keep it."""
    for path in spec_for(ActionItem).within:
        holder = path.rsplit("__", 1)[0]
        assert ActionItem.objects.filter(**{f"{holder}__isnull": False}).exists(), holder
        below = ActionItem.objects.filter(**{path: Level.RESTRICTED}).exclude(
            visibility=Level.RESTRICTED
        )
        assert not below.exists(), path
    # Today reads duties and procedures, My committees the duties: they hold rows too.
    assert Duty.objects.filter(status=DutyStatus.OPEN).exists()
    assert Procedure.objects.exists()
    assert not Procedure.objects.filter(versions=None).exists()  # as procedure_create writes


def test_the_generated_grants_are_those_the_membership_services_keep(generated):
    """The product's own sweep changes nothing but the seats whose term ended yesterday."""
    before = _grants()
    touched = permissions_sweep()
    after = _grants()
    # Swept "yesterday" by the generator: today's run looks only at the terms that turned.
    assert touched == generated["rows"]["pairs whose term turned since the last sweep"]
    assert permissions_sweep() == 0
    assert after <= before
    stale_pairs = {(user, committee) for user, committee, _code in before - after}
    assert len(stale_pairs) == generated["rows"]["stale permission pairs"]


def test_every_page_of_the_benchmark_answers_its_reader(generated):
    setup = page_setup()
    assert set(setup["paths"]) == {page.name for page in PAGES}
    assert set(setup["sessions"]) == {cast.DISTRICT_ADMIN, cast.PARENT}
    counts = query_counts()
    assert {name: entry["status"] for name, entry in counts.items()} == dict.fromkeys(
        setup["paths"], 200
    )
    assert counts["public_cached"]["queries"] < counts["public_uncached"]["queries"]
    # Not stored as a page, the body from its part; rendered afresh after a publication.
    assert counts["public_uncached"]["queries"] < counts["public_uncached"]["afresh"]["queries"]


def test_the_in_process_measures_and_the_report_run(generated, tmp_path):
    scan = {"first": reminder_scan(), "repeat": reminder_scan()}
    assert scan["first"]["due_items"] > 0
    outbox = outbox_sweep(limit=5)
    assert outbox["outcome"]["sent"] > 0
    permissions = permission_sweep()
    export = csv_export()
    assert export["rows"] == 500
    fake_rounds = [{"rps": 100.0, "p50_ms": 10.0, "p99_ms": 20.0, "errors": 0}]
    measured = {
        name: {"status": 200, "rounds": fake_rounds}
        for name in ["hello", "query", "list", *(page.name for page in PAGES)]
    }
    results = {
        "started": "smoke",
        "seed_demo_empty": {"seconds": 1.0},
        "scales": {
            report.scale_key(SCALE): {
                "generation": generated,
                "load": run.summarize(measured),
                "queries": query_counts(),
                "rss_mb": {"product": [90.0], "product_max": 90.0},
                "scan": scan | {"small_first": scan["first"]},
                "outbox": outbox,
                "permissions": permissions,
                "csv": export,
                "seed_demo": {"error": "over 900 s (stopped)"},
            }
        },
    }
    results["targets"] = report.targets(results)
    written = report.write(results, tmp_path, "smoke")
    table = (tmp_path / "latest.md").read_text()
    for target in results["targets"]:
        assert target["name"] in table
    judged = {t["name"] for t in results["targets"]}
    assert report.STATEWIDE_ONLY.isdisjoint(judged)  # a tiny scale: its figures only
    assert "outbox sweep: " in table and "messages/s" in table
    assert "public school page rendered afresh" in table and " ms in one process" in table
    seed = [t for t in results["targets"] if t["name"].startswith("seed_demo")]
    assert seed[0]["figure"] is None and seed[0]["met"] is False
    assert len(written) == 3
