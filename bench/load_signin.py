"""A bounded sign-in flood against the review desk, on loopback: does a signed-in reviewer
stay fast, and the server small, while ``--attackers`` (32) clients post wrong tokens?

Copies a store (``--db``; by default the seeds ingested with the default stages), adds a
reviewer, and starts the desk on a free port of 127.0.0.1 in its own process, its access
log in a file. The reviewer signs in, then reads a page every 50 ms (``--page``, the
queue) for ``--warmup`` seconds alone and ``--seconds`` (30) during the flood. Each
attacker takes its own loopback source address (127.0.1.N), fetches the sign-in form once
and posts wrong tokens for random names as fast as the server answers. With
``--no-limits`` the server's rate limits are switched off, so only the bound on
concurrent argon2 checks (``claims.web.gate``) stands between the flood and memory.

Prints the CPU, the reviewer's page latency (median, p95) before and during the flood,
the server's RSS (before, peak), the attackers' answers by status, and whether every
refused sign-in is in the access log. Bounded: at most 120 s of flood, 64 attackers and
200,000 requests; everything stops by itself. Targets: median under 100 ms, RSS under
300 MiB. Exit 1 when an answer was a 5xx other than 503, or a refused sign-in is missing
from the log.

    python bench/load_signin.py [--db claims.db] [--attackers 32] [--seconds 30] [--no-limits]
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
MAX_SECONDS, MAX_ATTACKERS, MAX_REQUESTS = 120.0, 64, 200_000
SERVER = """
import sys
from claims.web.app import create_app
from claims.web.auth import LIMITER
from claims.web.server import serve
from cli.serve import _access_log
from store.db import open_store

db, log, limits = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
_access_log(log)
app = create_app(open_store(db))
app.extensions[LIMITER].enabled = limits
serve(app, "127.0.0.1", 0, ready=lambda url: print(url, flush=True))
"""


class Browser:
    """One keep-alive connection from a chosen loopback address, with its cookie."""

    def __init__(self, port: int, source: str = "127.0.0.1") -> None:
        self.port, self.source, self.cookie = port, source, ""
        self.conn = self._connect()

    def _connect(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=30, source_address=(self.source, 0)
        )

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None
    ) -> tuple[int, str]:
        headers = {"Cookie": self.cookie} if self.cookie else {}
        body = urlencode(form) if form is not None else None
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            text = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = self._connect()
            return 0, ""
        cookie = response.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        return response.status, text


def start_server(db: Path, log: Path, limits: bool) -> tuple[subprocess.Popen[str], int]:
    command = [sys.executable, "-c", SERVER, str(db), str(log), "1" if limits else "0"]
    server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    line = server.stdout.readline() if server.stdout else ""
    found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    if not found:
        server.kill()
        raise SystemExit(f"the desk did not start: {line!r}")
    return server, int(found.group(1))


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def prepare(db: Path) -> str:
    """A reviewer ``bench`` on ``db``; their token."""
    from claims.web import accounts
    from store.db import open_store
    from store.desk import transaction

    engine = open_store(db)
    try:
        with transaction(engine) as s:
            return accounts.add(s, "bench").token
    finally:
        engine.dispose()


def reader(port: int, token: str, page: str, phases: dict[str, float], out: dict) -> None:
    """Sign in, then time ``page`` every 50 ms, labelled by phase, until the end."""
    me = Browser(port)
    _, form = me.request("GET", "/signin")
    signed = me.request("POST", "/signin", {"csrf_token": CSRF.search(form).group(1),
                                            "name": "bench", "token": token})  # fmt: skip
    if signed[0] not in (200, 303):
        out["error"] = f"the reviewer could not sign in (HTTP {signed[0]})"
        return
    while time.monotonic() < phases["end"]:
        phase = "flood" if time.monotonic() >= phases["flood"] else "alone"
        started = time.perf_counter()
        status, _ = me.request("GET", page)
        out.setdefault(phase, []).append(time.perf_counter() - started)
        if status != 200:
            out.setdefault("page errors", []).append(status)
        time.sleep(0.05)


def attacker(
    port: int, n: int, phases: dict[str, float], statuses: Counter, budget: list[int]
) -> None:
    """Post wrong tokens for random names from 127.0.1.n until the end or the budget."""
    me = Browser(port, source=f"127.0.1.{n + 1}")
    while time.monotonic() < phases["flood"]:
        time.sleep(0.01)
    _, form = me.request("GET", "/signin")
    token = CSRF.search(form)
    while token and time.monotonic() < phases["end"] and budget[0] > 0:
        budget[0] -= 1
        name = f"guess-{secrets.token_hex(3)}"
        status, _ = me.request("POST", "/signin", {"csrf_token": token.group(1), "name": name,
                                                   "token": secrets.token_urlsafe(32)})  # fmt: skip
        statuses[status] += 1


def refused_in_log(log: Path) -> Counter:
    found: Counter = Counter()
    for line in log.read_text(encoding="utf-8").splitlines():
        if '"POST /signin HTTP/1.1"' in line:
            found[int(line.split('" ', 1)[1].split()[0])] += 1
    return found


def cpu_name() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def ms(values: list[float], share: float) -> str:
    ordered = sorted(values)
    return f"{ordered[int(share * (len(ordered) - 1))] * 1000:.1f} ms" if ordered else "-"


def run(db: Path, args: argparse.Namespace) -> bool:
    token = prepare(db)
    log = db.with_suffix(".access.log")
    server, port = start_server(db, log, limits=not args.no_limits)
    now = time.monotonic()
    phases = {"flood": now + args.warmup, "end": now + args.warmup + args.seconds}
    seen: dict = {}
    statuses: Counter = Counter()
    budget = [MAX_REQUESTS]
    threads = [threading.Thread(target=reader, args=(port, token, args.page, phases, seen))]
    threads += [threading.Thread(target=attacker, args=(port, i, phases, statuses, budget))
                for i in range(args.attackers)]  # fmt: skip
    rss: dict[str, list[float]] = {"alone": [], "flood": []}
    try:
        for t in threads:
            t.start()
        while any(t.is_alive() for t in threads) and time.monotonic() < phases["end"] + 35:
            phase = "flood" if time.monotonic() >= phases["flood"] else "alone"
            rss[phase].append(rss_mib(server.pid))
            time.sleep(0.2)
        for t in threads:
            t.join(5)
    finally:
        server.terminate()
        server.wait(10)
    return report(args, seen, statuses, rss, refused_in_log(log))


def report(args: argparse.Namespace, seen: dict, statuses: Counter,
           rss: dict[str, list[float]], logged: Counter) -> bool:  # fmt: skip
    """Print the figures; True when no answer was a 5xx but 503 and the log is complete."""
    refused = {k: v for k, v in statuses.items() if k != 303}
    cores = len(os.sched_getaffinity(0))
    print(f"CPU: {cpu_name()} ({platform.machine()}, {cores} cores usable)")
    print(f"flood: {args.attackers} attackers for {args.seconds:.0f} s, rate limits "
          f"{'off (the gate alone)' if args.no_limits else 'on'}; page {args.page}")  # fmt: skip
    print("attackers' answers: " + ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items())))
    for phase in ("alone", "flood"):
        times = seen.get(phase, [])
        if times:
            print(f"signed-in page, {phase}: median {statistics.median(times) * 1000:.1f} ms, "
                  f"p95 {ms(times, 0.95)}, {len(times)} requests")  # fmt: skip
    print(f"server RSS: before {max(rss['alone'], default=0):.0f} MiB, "
          f"peak during the flood {max(rss['flood'], default=0):.0f} MiB")  # fmt: skip
    complete = all(logged.get(status, 0) >= n for status, n in refused.items())
    verdict = "all there" if complete else "MISSING"
    print(f"refused sign-ins in the access log: {sum(logged.values())} lines for "
          f"{sum(refused.values())} refusals: {verdict}")  # fmt: skip
    errors = [s for s in statuses if s >= 500 and s != 503] + seen.get("page errors", [])
    if "error" in seen or errors:
        print(f"errors: {seen.get('error', '')} {errors}")
    flood = seen.get("flood", [])
    met = bool(flood) and statistics.median(flood) < 0.1 and max(rss["flood"], default=0) < 300
    print(f"targets (median < 100 ms, RSS < 300 MiB): {'met' if met else 'NOT met'}")
    return complete and not errors and "error" not in seen


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, help="store to use (a copy; default: the seeds)")
    ap.add_argument("--attackers", type=int, default=32)
    ap.add_argument("--seconds", type=float, default=30.0, help="of flood")
    ap.add_argument("--warmup", type=float, default=5.0, help="seconds of the reviewer alone")
    ap.add_argument("--page", default="/queue", help="the page the reviewer reads")
    ap.add_argument("--no-limits", action="store_true", help="rate limits off: the gate alone")
    args = ap.parse_args()
    if not 1 <= args.attackers <= MAX_ATTACKERS or not 0 < args.seconds <= MAX_SECONDS:
        raise SystemExit(f"--attackers 1..{MAX_ATTACKERS}, --seconds up to {MAX_SECONDS:.0f}")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "signin.db"
        if args.db:
            import shutil

            shutil.copyfile(args.db, db)
        else:
            from bench.screenshots_serve import seeds_store

            seeds_store(db)
        sys.exit(0 if run(db, args) else 1)


if __name__ == "__main__":
    main()
