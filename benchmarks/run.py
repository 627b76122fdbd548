"""`make bench`: the product against bare-Django floors, in one run, at each scale.

    python -m benchmarks.run [--scales 0.01,1] [--duration 10] [--rounds 3]

For each scale: a database generated from a migrated template, the product served as in
production (gunicorn, 2 sync workers, DEBUG off, PostgreSQL and Redis), the floors
and the product's pages loaded by wrk in interleaved rounds (so that drift hits all
alike), then the in-process measures (query counts, the reminder scan, the outbox and
permission sweeps, the CSV export, seed_demo), each in its own process with a time
limit. The table is printed and written to benchmarks/results/ with the targets.

Databases are named bench_* on the PostgreSQL server of --server (Redis dbs 12 and
13); they are dropped at the end unless --keep. This module loads no Django: the
product and the floors run in the processes it starts.
"""

import argparse
import datetime
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

import psycopg

from benchmarks import load, report
from benchmarks.cast import PAGES
from benchmarks.probe import RESULT_MARK

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
PYTHON = sys.executable
SECRET_KEY = "bench-only-not-a-secret"  # noqa: S105 - a throwaway key for throwaway data
HOSTS = "127.0.0.1,localhost,testserver"
WORKERS = 2
FLOOR_NAMES = [("hello", "hello"), ("query", "query"), ("list", "listing")]
SESSION_COOKIE = "sessionid"


def parse(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="0.01,1", help="comma-separated; 1 = statewide")
    parser.add_argument("--duration", type=int, default=10, help="seconds per measurement")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds")
    parser.add_argument("--server", default="postgres://root@127.0.0.1:5432", help="PostgreSQL")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379", help="Redis (dbs 12, 13)")
    parser.add_argument("--port", type=int, default=18100, help="first of five local ports")
    parser.add_argument("--timeout", type=int, default=900, help="seconds for each measure")
    parser.add_argument("--keep", action="store_true", help="keep the bench_* databases")
    parser.add_argument("--reuse", action="store_true", help="reuse generated databases")
    parser.add_argument("--name", help="results file name (default: the time and scales)")
    return parser.parse_args(argv)


def say(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- set-up: wrk, databases, static files ------------------------------------------------


def ensure_wrk() -> None:
    """wrk from Debian's packages, installed on first use."""
    if load.wrk_path():
        return
    say("installing wrk")
    subprocess.run(["apt-get", "update", "-qq"], check=False)  # noqa: S607
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)  # noqa: S607
    if not load.wrk_path():
        raise SystemExit("wrk could not be installed")


class Server:
    """The PostgreSQL server: its bench_* databases."""

    def __init__(self, url: str):
        self.url = url.rstrip("/")

    def db_url(self, name: str) -> str:
        return f"{self.url}/{name}"

    def _admin(self, *statements: str) -> None:
        with psycopg.connect(self.db_url("postgres"), autocommit=True) as connection:
            for statement in statements:
                connection.execute(statement)

    def exists(self, name: str) -> bool:
        with psycopg.connect(self.db_url("postgres"), autocommit=True) as connection:
            row = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            return row.fetchone() is not None

    def create(self, name: str, template: str | None = None) -> None:
        assert name.startswith("bench_")
        self._admin(
            f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
            f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""),
        )

    def drop(self, name: str) -> None:
        assert name.startswith("bench_")
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop_queries(self, name: str) -> None:
        """End whatever a measure that ran out of time left running in its database."""
        with psycopg.connect(self.db_url("postgres"), autocommit=True) as connection:
            connection.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                [name],
            )


def flush_redis(url: str) -> None:
    """Empty the benchmark's own Redis db (its cache and queued tasks)."""
    command = ["redis-cli", "-u", url, "FLUSHDB"]
    subprocess.run(command, capture_output=True, check=False)  # noqa: S603, S607


# --- processes ---------------------------------------------------------------------------


def base_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "EMAIL_"))}
    env.update(PYTHONPATH=str(ROOT), PYTHONDONTWRITEBYTECODE="1", **extra)
    return env


def product_env(database_url: str, redis_url: str, **extra: str) -> dict[str, str]:
    """Production settings (safety_portal/settings.py with DEBUG off, unless ``extra``
    says otherwise)."""
    settings = {
        "DJANGO_SETTINGS_MODULE": "safety_portal.settings",
        "DEBUG": "false",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": HOSTS,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "LOG_LEVEL": "WARNING",
    }
    return base_env(**(settings | extra))


def run_json(command: list[str], env: dict, timeout: int, mark: str | None = None) -> dict:
    """Run a command to its end (or its time limit); the JSON of its marked (or last) line."""
    started = time.monotonic()
    try:
        done = subprocess.run(  # noqa: S603 - our own commands
            command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return {"error": f"over {timeout} s (stopped)", "timeout": timeout}
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    if mark:
        lines = [line.removeprefix(mark) for line in lines if line.startswith(mark)]
    if done.returncode or not lines:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        return {"error": f"exit {done.returncode}: " + " / ".join(tail)}
    result = json.loads(lines[-1])
    result.setdefault("wall_seconds", round(time.monotonic() - started, 1))
    return result


class Gunicorn:
    """A gunicorn master with sync workers, started and stopped by its process id."""

    def __init__(self, app: str, port: int, env: dict):
        self.url = f"http://127.0.0.1:{port}"
        command = [PYTHON, "-m", "gunicorn", app, "--workers", str(WORKERS)]
        command += ["--bind", f"127.0.0.1:{port}", "--timeout", "120", "--log-level", "warning"]
        self.process = subprocess.Popen(  # noqa: S603 - our own command
            command, env=env, cwd=ROOT, start_new_session=True
        )

    def wait_ready(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn at {self.url} stopped at start")
            try:
                load.preflight(load.Target("ready", self.url + "/"), timeout=5)
                return  # it answers, whatever it says
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"gunicorn at {self.url} did not answer in {seconds} s")

    def workers_rss_mb(self) -> list[float]:
        """VmRSS of each worker (the master's children), in MB."""
        sizes = []
        for pid in children(self.process.pid):
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            for line in status.splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(round(int(line.split()[1]) / 1024, 1))
        return sizes

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


# --- the run -----------------------------------------------------------------------------


class Bench:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.server = Server(args.server)
        self.scales = [float(s) for s in args.scales.split(",") if s.strip()]
        self.redis_web = f"{args.redis.rstrip('/')}/12"
        self.redis_probe = f"{args.redis.rstrip('/')}/13"
        self.made: list[str] = []
        self.floors: dict[str, Gunicorn] = {}
        self.floor_cookie = ""

    def run(self) -> dict:
        results = {
            "started": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "machine": {"cores": os.cpu_count(), "python": sys.version.split()[0]},
            "settings": {
                "workers": WORKERS,
                "threads": load.THREADS,
                "connections": load.CONNECTIONS,
                "duration": self.args.duration,
                "rounds": self.args.rounds,
            },
            "scales": {},
        }
        try:
            self.prepare()
            results["seed_demo_empty"] = self.seed_demo_empty()
            for scale in self.scales:
                results["scales"][report.scale_key(scale)] = self.at_scale(scale)
        finally:
            for floor in self.floors.values():
                floor.stop()
            flush_redis(self.redis_web)
            flush_redis(self.redis_probe)
            if not self.args.keep:
                for name in self.made:
                    self.server.drop(name)
        results["targets"] = report.targets(results)
        return results

    # set-up

    def prepare(self) -> None:
        ensure_wrk()
        template = "bench_template"
        if not (self.args.reuse and self.server.exists(template)):
            say("migrating the template database")
            self.server.create(template)
            self.manage(["migrate", "--noinput", "-v0"], self.server.db_url(template))
        say("collecting static files")
        self.manage(["collectstatic", "--noinput", "-v0"], self.server.db_url(template))
        self.floor_database()
        self.start_floors()

    def manage(self, arguments: list[str], database_url: str) -> None:
        env = product_env(database_url, self.redis_probe)
        subprocess.run([PYTHON, "manage.py", *arguments], env=env, cwd=ROOT, check=True)  # noqa: S603

    def floor_env(self, module: str) -> dict:
        return base_env(
            DJANGO_SETTINGS_MODULE=f"benchmarks.floors.{module}",
            FLOOR_DATABASE_URL=self.server.db_url("bench_floor"),
            SECRET_KEY=SECRET_KEY,
            ALLOWED_HOSTS=HOSTS,
        )

    def floor_database(self) -> None:
        """The list floor's own database: its tables, a million rows, a session."""
        name = "bench_floor"
        self.made.append(name)
        if not (self.args.reuse and self.server.exists(name)):
            say("building the floors' database")
            self.server.create(name)
        env = self.floor_env("listing")
        admin = [PYTHON, "-m", "django"]
        subprocess.run([*admin, "migrate", "-v0"], env=env, cwd=ROOT, check=True)  # noqa: S603
        filled = run_json([*admin, "floor_fill"], env, self.args.timeout)
        if "error" in filled:
            raise RuntimeError(f"the floor's database: {filled['error']}")
        self.floor_cookie = f"{SESSION_COOKIE}={filled['session']}"

    def start_floors(self) -> None:
        for n, (name, module) in enumerate(FLOOR_NAMES):
            self.floors[name] = Gunicorn(
                "benchmarks.floors.wsgi:application", self.args.port + 1 + n, self.floor_env(module)
            )
        for floor in self.floors.values():
            floor.wait_ready()

    def seed_demo_empty(self) -> dict:
        name = "bench_empty"
        self.made.append(name)
        self.server.create(name, template="bench_template")
        say("seed_demo on an empty database")
        return self.probe("seed_demo", name, DEBUG="true")

    # one scale

    def at_scale(self, scale: float) -> dict:
        key = report.scale_key(scale).replace(".", "_")
        main, small = f"bench_state_{key}", f"bench_due_{key}"
        run = {"generation": self.generate(main, scale)}
        items = run["generation"].get("volume", {}).get("items")
        if items:
            run["due_generation"] = self.generate(
                small, scale, "--items", str(max(1, items // 100)), "--due-fraction", "1"
            )
        if "error" in run["generation"]:
            return run
        flush_redis(self.redis_web)
        flush_redis(self.redis_probe)
        run.update(self.load_pages(main))
        run.update(self.in_process(main, small))
        return run

    def generate(self, name: str, scale: float, *extra: str) -> dict:
        self.made.append(name)
        if self.args.reuse and self.server.exists(name):
            return {"reused": True, **self.probe_generation(name)}
        self.server.create(name, template="bench_template")
        say(f"generating scale {scale:g} into {name} {' '.join(extra)}")
        command = [PYTHON, "-m", "benchmarks.generate", "--scale", f"{scale:g}", *extra]
        command += ["--database-url", self.server.db_url(name)]
        result = run_json(command, base_env(), self.args.timeout * 2)
        say(f"generated {name} in {result.get('seconds', result.get('error'))} s")
        return result

    def probe_generation(self, name: str) -> dict:
        """What a reused database holds (the item count the small scan needs)."""
        with psycopg.connect(self.server.db_url(name)) as connection:
            items = connection.execute("SELECT count(*) FROM committees_actionitem").fetchone()[0]
        return {"volume": {"items": items}}

    def probe(self, command: str, database: str, timeout: int | None = None, **env) -> dict:
        say(f"{command} on {database}")
        result = run_json(
            [PYTHON, "-m", "benchmarks.probe", command],
            product_env(self.server.db_url(database), self.redis_probe, **env),
            timeout or self.args.timeout,
            mark=RESULT_MARK,
        )
        if "timeout" in result:
            self.server.stop_queries(database)
        if "error" in result:
            say(f"{command}: {result['error']}")
        return result

    # load from outside

    def load_pages(self, database: str) -> dict:
        setup = self.probe("pages", database)
        if "error" in setup:
            return {"load": {"error": setup["error"]}}
        web = Gunicorn(
            "safety_portal.wsgi:application",
            self.args.port,
            product_env(self.server.db_url(database), self.redis_web),
        )
        try:
            web.wait_ready()
            targets = self.targets(web.url, setup)
            measured = self.rounds(targets)
            rss = web.workers_rss_mb()
        finally:
            web.stop()
        floors_rss = [mb for floor in self.floors.values() for mb in floor.workers_rss_mb()]
        return {
            "load": summarize(measured),
            "rss_mb": {
                "product": rss,
                "product_max": max(rss, default=None),
                "floors": floors_rss,
            },
        }

    def targets(self, url: str, setup: dict) -> list[load.Target]:
        targets = [
            load.Target(name, floor.url + "/", self.floor_cookie if name == "list" else None)
            for name, floor in self.floors.items()
        ]
        for page in PAGES:
            cookie = setup["sessions"].get(page.reader) if page.reader else None
            targets.append(
                load.Target(
                    page.name,
                    url + setup["paths"][page.name],
                    f"{SESSION_COOKIE}={cookie}" if cookie else None,
                    page.bust,
                )
            )
        return targets

    def rounds(self, targets: list[load.Target]) -> dict[str, dict]:
        """Each target once per round, in the same order, after one request each (which
        also fills the public cache)."""
        measured: dict[str, dict] = {}
        for target in targets:
            try:
                status = load.preflight(target)
            except OSError as error:
                status = f"{type(error).__name__}: {error}"
            measured[target.name] = {"status": status, "rounds": []}
        for n in range(self.args.rounds):
            say(f"load round {n + 1} of {self.args.rounds}")
            for target in targets:
                if measured[target.name]["status"] == 200:
                    measured[target.name]["rounds"].append(load.run_wrk(target, self.args.duration))
        return measured

    # in the product's process

    def in_process(self, main: str, small: str) -> dict:
        run = {"queries": self.probe("queries", main)}
        scan = {"first": self.probe("scan", main), "repeat": self.probe("scan", main)}
        if self.server.exists(small):
            scan["small_first"] = self.probe("scan", small)
            scan["small_repeat"] = self.probe("scan", small)
        run["scan"] = scan
        run["outbox"] = self.outbox(main)
        self.probe("settle", main)
        run["permissions"] = self.probe("permissions", main)
        run["csv"] = self.probe("csv", main)
        run["seed_demo"] = self.probe("seed_demo", main, DEBUG="true")
        return run

    def outbox(self, database: str) -> dict:
        """The sweep to a local SMTP sink (aiosmtpd's Sink, which keeps nothing)."""
        port = self.args.port + 9
        command = [PYTHON, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}"]
        sink = subprocess.Popen(  # noqa: S603 - our own command
            [*command, "-c", "aiosmtpd.handlers.Sink"], env=base_env(), start_new_session=True
        )
        try:
            time.sleep(1.5)
            if sink.poll() is not None:
                return {"error": "the SMTP sink did not start (is aiosmtpd installed?)"}
            return self.probe(
                "outbox",
                database,
                EMAIL_HOST="127.0.0.1",
                EMAIL_PORT=str(port),
                EMAIL_USE_TLS="false",
            )
        finally:
            os.killpg(sink.pid, signal.SIGTERM)
            sink.wait()


def summarize(measured: dict[str, dict]) -> dict[str, dict]:
    """Medians over the rounds, and each page's ratio to each floor."""
    summary = {}
    for name, entry in measured.items():
        rounds = [r for r in entry["rounds"] if "error" not in r]
        row = {"status": entry["status"], "rounds": entry["rounds"]}
        if rounds:
            for figure in ("rps", "p50_ms", "p99_ms"):
                row[figure] = round(statistics.median(r[figure] for r in rounds), 1)
            row["errors"] = sum(r["errors"] for r in rounds)
        elif entry["rounds"]:
            row["error"] = entry["rounds"][-1].get("error")
        summary[name] = row
    for row in summary.values():
        row["ratio"] = {
            floor: round(row["rps"] / summary[floor]["rps"], 3)
            for floor, _module in FLOOR_NAMES
            if row.get("rps") and summary.get(floor, {}).get("rps")
        }
    return summary


def main(argv=None) -> dict:
    args = parse(argv)
    if shutil.which("redis-cli") is None:
        say("redis-cli not found: the benchmark's Redis dbs are not emptied")
    results = Bench(args).run()
    name = args.name or (
        results["started"].replace(":", "") + "-scales-" + args.scales.replace(",", "_")
    )
    for path in report.write(results, RESULTS, name):
        say(f"wrote {path.relative_to(ROOT)}")
    print(report.table(results))
    return results


if __name__ == "__main__":
    main()
