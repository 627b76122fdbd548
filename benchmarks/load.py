"""Load from outside: wrk against a served page, and what it says.

wrk (Debian's package, installed by the runner) with 2 threads and 16 connections, as
the issue measured. A Lua script reports requests, errors and latency percentiles as
one JSON line, and, for a page that must miss the public cache, gives every request
its own query string.
"""

import dataclasses
import json
import shutil
import subprocess
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

THREADS = 2
CONNECTIONS = 16
MARK = "BENCH-WRK "
# Every request as production's proxy would pass it on: https, seen through a header.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}

LUA = r"""
local bust = false
local counter = 0
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("tid", thread_count)
end

function init(args)
  bust = args[1] == "bust"
end

function request()
  if bust then
    counter = counter + 1
    local sep = string.find(wrk.path, "?", 1, true) and "&" or "?"
    return wrk.format(nil, wrk.path .. sep .. "bench=" .. tid .. "-" .. os.time() .. "-" .. counter)
  end
  return wrk.format(nil, wrk.path)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH-WRK {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, ' ..
    '"status_errors": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout))
end
"""


@dataclasses.dataclass
class Target:
    """One URL to load: a floor or a page of the product."""

    name: str
    url: str
    cookie: str | None = None
    bust: bool = False

    def headers(self) -> dict[str, str]:
        headers = dict(PROXY_HEADERS)
        if self.cookie:
            headers["Cookie"] = self.cookie
        return headers


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def preflight(target: Target, timeout: float = 120) -> int:
    """The status of one request (a redirect, say to the sign-in page, is not followed)."""
    request = urllib.request.Request(target.url, headers=target.headers())  # noqa: S310
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=timeout) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def wrk_path() -> str | None:
    return shutil.which("wrk")


def run_wrk(target: Target, seconds: int) -> dict:
    """req/s, p50 and p99 in ms, and errors, for ``seconds`` of load on ``target``."""
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "bench.lua"
        script.write_text(LUA)
        command = [
            wrk_path() or "wrk",
            f"-t{THREADS}",
            f"-c{CONNECTIONS}",
            f"-d{seconds}s",
            "--timeout",
            "30s",
            "-s",
            str(script),
        ]
        for name, value in target.headers().items():
            command += ["-H", f"{name}: {value}"]
        command += [target.url, "--", "bust" if target.bust else "plain"]
        done = subprocess.run(  # noqa: S603 - our own arguments
            command, capture_output=True, text=True, timeout=seconds + 90, check=False
        )
    for line in done.stdout.splitlines():
        if line.startswith(MARK):
            raw = json.loads(line.removeprefix(MARK))
            seconds_taken = raw["duration_us"] / 1e6
            return {
                "rps": round(raw["requests"] / seconds_taken, 1) if seconds_taken else 0.0,
                "p50_ms": round(raw["p50_us"] / 1000, 1),
                "p99_ms": round(raw["p99_us"] / 1000, 1),
                "requests": raw["requests"],
                "errors": raw["status_errors"] + raw["socket_errors"],
            }
    return {"error": (done.stderr or done.stdout).strip()[-500:] or "wrk said nothing"}
