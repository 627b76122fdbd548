"""The results: the issue's targets, each with its figure, threshold and ``met``, and the
table (Markdown, for the terminal and the README alike).

Pure functions of the results dict the runner builds, so that the smoke test can run
them on any figures.
"""

import json
from pathlib import Path

from benchmarks.cast import PAGES

FLOORS = [
    ("hello", "floor: hello"),
    ("query", "floor: one query"),
    ("list", "floor: signed-in list"),
]
SIGNED_IN = [page for page in PAGES if page.signed_in]
LABELS = {page.name: page.label for page in PAGES} | dict(FLOORS)


def scale_key(scale: float) -> str:
    return f"{scale:g}"


def _target(name, scale, figure, op, threshold, unit="", note="") -> dict:
    """``figure op threshold``; a missing figure (an error, a timeout) is not met."""
    met = False
    if isinstance(figure, int | float):
        met = {"<": figure < threshold, "<=": figure <= threshold, ">=": figure >= threshold}[op]
    return {
        "name": name,
        "scale": scale,
        "figure": figure,
        "threshold": f"{op} {threshold:g}{unit}",
        "met": met,
        **({"note": note} if note else {}),
    }


def _get(mapping, *keys):
    """mapping[k1][k2]..., or None where anything on the way is missing."""
    for key in keys:
        if not isinstance(mapping, dict) or key not in mapping:
            return None
        mapping = mapping[key]
    return mapping


def _ratio(a, b, digits=2):
    if isinstance(a, int | float) and isinstance(b, int | float) and b:
        return round(a / b, digits)
    return None


def targets(results: dict) -> list[dict]:
    """The issue's targets at each scale measured; scale against scale where two are."""
    found = []
    scales = results.get("scales", {})
    for key, run in scales.items():
        found += _page_targets(key, run)
        found += _task_targets(key, run, results)
    keys = sorted(scales, key=float)
    if len(keys) > 1:
        found += _growth_targets(keys[0], keys[-1], scales)
    return found


def _page_ok(load: dict, name: str) -> tuple[float | None, str]:
    page = load.get(name, {})
    if page.get("status") != 200 or page.get("errors"):
        return None, f"status {page.get('status')}, {page.get('errors', 0)} errors"
    return page.get("rps"), ""


def _page_targets(key: str, run: dict) -> list[dict]:
    load = run.get("load", {})
    hello = _get(load, "hello", "rps")
    listing = _get(load, "list", "rps")
    found = []
    for name, floor, threshold in (
        ("public_cached", hello, 0.6),
        ("public_uncached", hello, 0.1),
    ):
        rps, note = _page_ok(load, name)
        found.append(
            _target(
                f"{LABELS[name]} vs hello floor",
                key,
                _ratio(rps, floor),
                ">=",
                threshold,
                "x",
                note,
            )
        )
    for page in SIGNED_IN:
        rps, note = _page_ok(load, page.name)
        found.append(
            _target(
                f"{page.label} vs signed-in list floor",
                key,
                _ratio(rps, listing),
                ">=",
                0.5,
                "x",
                note,
            )
        )
    return found


def _growth_targets(small: str, large: str, scales: dict) -> list[dict]:
    """At the large scale no slower than 1.5x the time per request at the small one.

    Each scale's time is read against the signed-in list floor of its own rounds: the two
    scales are loaded one after the other, minutes apart, and a machine that slows (or
    speeds up) between them moves the floor as much as the page. The floor serves the
    same rows at both scales, so what is left is the page's own growth.
    """
    found = []
    for page in SIGNED_IN:
        at = {
            key: _ratio(
                _get(scales[key], "load", page.name, "rps"),
                _get(scales[key], "load", "list", "rps"),
                digits=6,
            )
            for key in (small, large)
        }
        found.append(
            _target(
                f"{page.label}: time at scale {large} / at {small}, each against its floor",
                large,
                _ratio(at[small], at[large]),
                "<=",
                1.5,
                "x",
            )
        )
    return found


# Targets the issue sets on the statewide volume, judged there only: a sweep's rate from
# the few messages of a small scale (18 at 0.01) measures its start, not its pace, and
# the peaks of a 200-row and a 25-row export differ by what the interpreter allocates
# anyway (0.2 MB). Their figures are printed at every scale all the same.
STATEWIDE_ONLY = {
    "outbox sweep, messages/s per worker",
    "CSV export memory: peak / peak of an eighth of the rows",
}


def _task_targets(key: str, run: dict, results: dict) -> list[dict]:
    found = _every_task_target(key, run, results)
    if float(key) >= 1:
        return found
    return [target for target in found if target["name"] not in STATEWIDE_ONLY]


def _every_task_target(key: str, run: dict, results: dict) -> list[dict]:
    scan = run.get("scan", {})
    first = _get(scan, "first", "seconds")
    permissions = run.get("permissions", {})
    turned = _get(run, "generation", "rows", "pairs whose term turned since the last sweep")
    csv = run.get("csv", {})
    return [
        _target("reminder scan, first run of the day", key, first, "<", 60, " s"),
        _target("reminder scan, repeat", key, _get(scan, "repeat", "seconds"), "<", 10, " s"),
        _target(
            "reminder scan: first run / at 1% of the items, same number due",
            key,
            _ratio(first, _get(scan, "small_first", "seconds")),
            "<=",
            2,
            "x",
        ),
        _target(
            "outbox sweep, messages/s per worker",
            key,
            _get(run, "outbox", "per_second"),
            ">=",
            200,
        ),
        _target(
            "permission sweep, first run: pairs touched beyond those whose term turned",
            key,
            _difference(_sweep_run(permissions, 0), turned),
            "<=",
            0,
            note="only the terms that began or ended since yesterday's sweep",
        ),
        _target(
            "permission sweep, second run: pairs touched",
            key,
            _sweep_run(permissions, 1),
            "<=",
            0,
        ),
        _target(
            "seed_demo on this database / on an empty one",
            key,
            _ratio(_get(run, "seed_demo", "seconds"), _get(results, "seed_demo_empty", "seconds")),
            "<=",
            1.5,
            "x",
        ),
        _target(
            "worker RSS after the run (largest worker)",
            key,
            _get(run, "rss_mb", "product_max"),
            "<=",
            120,
            " MB",
        ),
        _target("CSV export of the heavy committee", key, csv.get("seconds"), "<", 1.5, " s"),
        _target(
            "CSV export memory: peak / peak of an eighth of the rows",
            key,
            _ratio(csv.get("peak_bytes"), csv.get("narrow_peak_bytes")),
            "<=",
            2,
            "x",
        ),
    ]


def _difference(a, b):
    if isinstance(a, int) and isinstance(b, int):
        return a - b
    return None


def _sweep_run(permissions: dict, n: int):
    runs = permissions.get("runs") or []
    return runs[n].get("touched") if len(runs) > n else None


# --- the table ---------------------------------------------------------------------------


def _cell(value, digits=1) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def _row(cells) -> str:
    return "| " + " | ".join(cells) + " |"


def _load_table(run: dict) -> list[str]:
    lines = [
        _row(["page", "req/s", "p50 ms", "p99 ms", "x hello", "x query", "x list", "queries"]),
        _row(["---"] + ["---:"] * 7),
    ]
    load = run.get("load", {})
    for name in [f for f, _label in FLOORS] + [page.name for page in PAGES]:
        entry = load.get(name, {})
        ratio = entry.get("ratio", {})
        label = LABELS[name]
        if entry.get("error") or (entry and entry.get("status") not in (200, None)):
            label += f" (status {entry.get('status')}; {entry.get('error', '')})".replace(
                "; )", ")"
            )
        lines.append(
            _row(
                [
                    label,
                    _cell(entry.get("rps")),
                    _cell(entry.get("p50_ms")),
                    _cell(entry.get("p99_ms")),
                    _cell(ratio.get("hello"), 2),
                    _cell(ratio.get("query"), 2),
                    _cell(ratio.get("list"), 2),
                    _cell(_get(run, "queries", name, "queries")),
                ]
            )
        )
    return lines


def _tasks(run: dict, results: dict) -> list[str]:
    return [
        "- " + line
        for line in (
            _generation(run),
            _afresh(run),
            _rss(run),
            _scan(run.get("scan", {})),
            _outbox(run.get("outbox", {})),
            _sweep(run.get("permissions", {})),
            f"seed_demo: {_fig(run.get('seed_demo'))} "
            f"(empty database: {_fig(results.get('seed_demo_empty'))})",
            _csv(run.get("csv", {})),
        )
    ]


def _generation(run: dict) -> str:
    volume = _get(run, "generation", "volume") or {}
    counts = ", ".join(f"{name} {value:,g}" for name, value in volume.items())
    return f"generation: {_cell(_get(run, 'generation', 'seconds'))} s; {counts}"


def _rss(run: dict) -> str:
    rss = run.get("rss_mb", {})
    return (
        f"worker RSS after the run: product {_cell(rss.get('product'))} MB; "
        f"floors {_cell(rss.get('floors'))} MB"
    )


def _scan(scan: dict) -> str:
    first = scan.get("first") or {}
    small = scan.get("small_first") or {}
    return (
        f"reminder scan: first {_fig(first)}, repeat {_fig(scan.get('repeat'))} "
        f"({_cell(first.get('items'))} items, {_cell(first.get('due_items'))} due); "
        f"at {_cell(small.get('items'))} items: first {_fig(small)}, "
        f"repeat {_fig(scan.get('small_repeat'))}"
    )


def _afresh(run: dict) -> str:
    afresh = _get(run, "queries", "public_uncached", "afresh") or {}
    return (
        f"public school page rendered afresh (the first reader after a publication): "
        f"{_cell(afresh.get('queries'))} queries, {_cell(afresh.get('ms'))} ms in one process"
    )


def _outbox(outbox: dict) -> str:
    if "error" in outbox:
        return f"outbox sweep: {outbox['error']}"
    return (
        f"outbox sweep: {_cell(outbox.get('per_second'))} messages/s "
        f"({outbox.get('outcome')} of {_cell(outbox.get('offered'))} "
        f"in {_cell(outbox.get('seconds'), 2)} s)"
    )


def _sweep(permissions: dict) -> str:
    runs = permissions.get("runs") or []
    said = "; ".join(
        f"run {n}: {_cell(r.get('seconds'), 2)} s, {_cell(r.get('touched'))} touched, "
        f"{_cell(r.get('queries'))} queries"
        for n, r in enumerate(runs, 1)
    )
    return f"permission sweep: {said or permissions.get('error', '–')}"


def _csv(csv: dict) -> str:
    if "error" in csv:
        return f"CSV export: {csv['error']}"
    return (
        f"CSV export: {_cell(csv.get('rows'))} rows in {_cell(csv.get('seconds'), 2)} s, "
        f"peak {_mb(csv.get('peak_bytes'))} MB ({_cell(csv.get('narrow_rows'))} rows: "
        f"{_mb(csv.get('narrow_peak_bytes'))} MB)"
    )


def _fig(measure) -> str:
    if not isinstance(measure, dict):
        return "–"
    if "error" in measure:
        return measure["error"]
    return f"{_cell(measure.get('seconds'), 2)} s"


def _mb(value) -> str:
    return _cell(value / 2**20, 1) if isinstance(value, int | float) else "–"


def table(results: dict) -> str:
    lines = [f"# Benchmark {results.get('started', '')}", ""]
    settings = results.get("settings", {})
    lines.append(
        f"gunicorn {settings.get('workers')} sync workers; wrk {settings.get('threads')} threads, "
        f"{settings.get('connections')} connections, {settings.get('duration')} s x "
        f"{settings.get('rounds')} interleaved rounds (medians)"
    )
    for key, run in results.get("scales", {}).items():
        lines += ["", f"## Scale {key}", ""] + _load_table(run) + [""] + _tasks(run, results)
    lines += ["", "## Targets", "", _row(["target", "scale", "figure", "threshold", "met"])]
    lines.append(_row(["---", "---:", "---:", "---", "---"]))
    for target in results.get("targets", []):
        lines.append(
            _row(
                [
                    target["name"],
                    target["scale"],
                    _cell(target["figure"], 2),
                    target["threshold"],
                    "yes" if target["met"] else "**no**",
                ]
            )
        )
    return "\n".join(lines) + "\n"


def write(results: dict, folder: Path, name: str) -> list[Path]:
    """The results as ``<name>.json`` and ``latest.json``, the table as ``latest.md``."""
    folder.mkdir(parents=True, exist_ok=True)
    text = json.dumps(results, indent=2, default=str) + "\n"
    paths = [folder / f"{name}.json", folder / "latest.json"]
    for path in paths:
        path.write_text(text)
    (folder / "latest.md").write_text(table(results))
    return [*paths, folder / "latest.md"]
