"""A bounded load test of the review desk: concurrent reviewers reading and deciding.

Copies a store (``--db``; by default the seeds ingested with the default stages), adds one
reviewer per client, starts the real ``claims serve`` on a free port of 127.0.0.1 in its
own process, and runs ``--clients`` (20) reviewer clients for ``--seconds`` (60). Each
signs in through the form, then loops: mostly reads (queue pages with filters, pairs,
claims, sources, search), and with ``--writes`` (0.3) share a decision: open a pair, then
set it or one of its claims to a random status with the status it saw, and a unique note,
and follow the redirect to read the outcome (saved, nothing to change, conflict).

Prints requests/s and p50/p95 latency (per HTTP request), the errors (must be 0), the
outcomes, and a check of the audit log: every decision is in it exactly once (a saved one
as a status change, a refused one as a ``conflict`` entry, one that changed nothing as its
note), nothing else is, and each item's status history is one unbroken chain ending at
its stored status. Loopback only; the loops stop by themselves. Exit 1 if a check fails.

    python bench/load_serve.py [--db claims.db] [--clients 20] [--seconds 60] [--writes 0.3]
"""

from __future__ import annotations

import argparse
import http.client
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
PAIR_STATUS = re.compile(r'id="pair" data-id="\d+" data-status="(\w+)"')
CLAIM_STATUS = re.compile(r'data-claim="(\d+)" data-status="(\w+)"')
OUTCOME = re.compile(r'data-outcome="(\w+)"')
PAIR_STATUSES = ("open", "confirmed", "dismissed")
CLAIM_STATUSES = ("unreviewed", "verified", "disputed")
WORDS = ("security", "agreement", "Iraq", "border", "said", "minister", "Tehran")


@dataclass
class Client:
    """One reviewer's connection (keep-alive, its session cookie) and what it saw."""

    name: str
    host: str
    port: int
    latencies: list[float] = field(default_factory=list)
    started: list[float] = field(default_factory=list)  # when each timed request began
    errors: list[str] = field(default_factory=list)
    decisions: list[tuple[str, int, str, str]] = field(
        default_factory=list
    )  # what, id, note, outcome
    cookie: str = ""
    signed_in: float = 0.0  # seconds the sign-in took

    def __post_init__(self) -> None:
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None
    ) -> tuple[int, str, str]:
        """(status, body, Location) of one request; the session cookie is kept."""
        body = urlencode(form) if form is not None else None
        headers = {"Cookie": self.cookie} if self.cookie else {}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            text = response.read().decode("utf-8")
        except (OSError, http.client.HTTPException) as exc:
            self.errors.append(f"{method} {path}: {exc!r}")
            self.conn.close()
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
            return 0, "", ""
        self.latencies.append(time.perf_counter() - started)
        self.started.append(started)
        cookie = response.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        if response.status not in (200, 302, 303):
            self.errors.append(f"{method} {path}: HTTP {response.status}")
        return response.status, text, response.getheader("Location") or ""


def sign_in(client: Client, token: str) -> float:
    """Sign in through the form; the seconds it took (argon2 is slow on purpose, so these
    requests are timed apart from the others)."""
    started = time.perf_counter()
    _, page, _ = client.request("GET", "/signin")
    form = {"csrf_token": CSRF.search(page).group(1), "name": client.name, "token": token}
    status, _, _ = client.request("POST", "/signin", form)
    if status != 303:
        raise SystemExit(f"{client.name} could not sign in (HTTP {status})")
    del client.latencies[:], client.started[:]
    return time.perf_counter() - started


def read_something(client: Client, rng: random.Random, pairs: list[int], claims: list[int],
                   sources: list[int]) -> None:  # fmt: skip
    """One page a reviewer reads: the queue (filtered, paged), a pair, claim, source, search."""
    pick = rng.random()
    if pick < 0.35:
        query = {
            "status": rng.choice((*PAIR_STATUSES, "all")),
            "sort": rng.choice(("score", "-score")),
        }
        if rng.random() < 0.3:
            query["min_score"] = str(rng.choice((0.5, 0.7, 0.9)))
        client.request("GET", "/queue?" + urlencode(query))
    elif pick < 0.65:
        client.request("GET", f"/pair/{rng.choice(pairs)}?status=all")
    elif pick < 0.8:
        client.request("GET", f"/claim/{rng.choice(claims)}")
    elif pick < 0.9:
        client.request("GET", f"/source/{rng.choice(sources)}")
    else:
        client.request("GET", "/search?" + urlencode({"q": rng.choice(WORDS)}))


def decide_something(client: Client, rng: random.Random, pairs: list[int], n: int) -> None:
    """Open a pair, then set it or one of its claims to a random status (with the status
    seen and a unique note); follow the redirect and note the outcome it shows."""
    pair_id = rng.choice(pairs)
    _, page, _ = client.request("GET", f"/pair/{pair_id}")
    found, token = PAIR_STATUS.search(page), CSRF.search(page)
    if not found or not token:
        client.errors.append(f"pair {pair_id}: no form on the page")
        return
    note = f"load {client.name} #{n}"
    if rng.random() < 0.6:
        what, item, seen, wanted = "pair", pair_id, found.group(1), rng.choice(PAIR_STATUSES)
    else:
        claim_id, seen = rng.choice(CLAIM_STATUS.findall(page))
        what, item, wanted = "claim", int(claim_id), rng.choice(CLAIM_STATUSES)
    form = {"csrf_token": token.group(1), "status": wanted, "seen": seen, "note": note}
    status, _, location = client.request("POST", f"/{what}/{item}/status", form)
    if status != 303:
        return
    _, page, _ = client.request("GET", location)
    outcome = OUTCOME.search(page)
    client.decisions.append((what, item, note, outcome.group(1) if outcome else "?"))


def run_client(client: Client, token: str, until: float, write_share: float,
               ids: tuple[list[int], list[int], list[int]]) -> None:  # fmt: skip
    rng = random.Random(client.name)
    pairs, claims, sources = ids
    client.signed_in = sign_in(client, token)
    n = 0
    while time.monotonic() < until:
        if rng.random() < write_share:
            n += 1
            decide_something(client, rng, pairs, n)
        else:
            read_something(client, rng, pairs, claims, sources)
    client.conn.close()


def prepare(
    db: Path, clients: int
) -> tuple[dict[str, str], tuple[list[int], list[int], list[int]]]:
    """Reviewers load00.. with their tokens, and the pair, claim and source ids to visit."""
    from claims.web import accounts
    from store import desk, queries
    from store.db import open_store

    engine = open_store(db)
    try:
        with desk.transaction(engine) as s:
            tokens = {f"load{i:02d}": accounts.add(s, f"load{i:02d}").token for i in range(clients)}
            rows, _ = desk.queue_page(s, desk.QueueFilter(), 0, 10_000)
            sources = [item.source.id for item in queries.sources(s)]
    finally:
        engine.dispose()
    if not rows:
        raise SystemExit(f"{db} holds no flagged pair to review")
    claims = sorted({c.id for p in rows for c in (p.claim_a, p.claim_b)})
    return tokens, ([p.id for p in rows], claims, sources)


def start_server(db: Path) -> tuple[subprocess.Popen[str], str, int]:
    """``claims serve`` on a free loopback port, in its own process; (process, host, port)."""
    code = "from cli.main import run; run()"
    command = [sys.executable, "-c", code, "serve", "--db", str(db), "--port", "0"]
    server = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )  # its stderr only says how deep waitress's queue got
    line = server.stdout.readline() if server.stdout else ""
    found = re.search(r"http://([\d.]+):(\d+)/", line)
    if not found:
        server.kill()
        raise SystemExit(f"claims serve did not start: {line!r}")
    return server, found.group(1), int(found.group(2))


EXPECTED_FIELD = {"changed": "status", "conflict": "conflict", "unchanged": "note"}


def check_log(db: Path, decisions: list[tuple[str, int, str, str]]) -> list[str]:
    """What is wrong with the audit log after the run (nothing, when all is well)."""
    from claims.review import audit_entries
    from store import queries
    from store.db import open_store
    from store.desk import transaction

    engine = open_store(db)
    try:
        with transaction(engine) as s:
            entries = audit_entries(s)
            stored = {("contradiction", p.id): p.status for p in queries.contradictions(s)}
            stored.update({("claim", c.id): c.status for c in queries.claims(s)})
    finally:
        engine.dispose()
    logged: dict[str, list] = {}
    for e in entries:
        if e.note and e.note.startswith("load "):
            logged.setdefault(e.note.split(" [refused", 1)[0], []).append(e)
    problems = []
    entity = {"pair": "contradiction", "claim": "claim"}
    for what, item, note, outcome in decisions:
        found = logged.pop(note, [])
        want = EXPECTED_FIELD.get(outcome)
        if want is None or len(found) != 1:
            problems.append(f"{note!r} ({outcome}) is in the log {len(found)} times")
        elif (found[0].field, found[0].entity, found[0].entity_id) != (want, entity[what], item):
            problems.append(f"{note!r} ({outcome}) logged as {found[0]}")
    problems.extend(f"{note!r} logged but never reported" for note in logged)
    chains: dict[tuple[str, int], list] = {}
    for e in entries:
        if e.field == "status":
            chains.setdefault((e.entity, e.entity_id), []).append(e)
    for key, chain in chains.items():
        if any(a.new_value != b.old_value for a, b in zip(chain, chain[1:], strict=False)):
            problems.append(f"{key}: the log's status history has a gap")
        if chain[-1].new_value != stored.get(key):
            problems.append(f"{key}: stored {stored.get(key)}, log ends at {chain[-1].new_value}")
    return problems


def report(clients: list[Client], end: float, problems: list[str]) -> bool:
    """Print the figures; True when there were no errors and the log checks out.

    Rates and latencies count the requests begun once every client had signed in."""
    steady = max(min(c.started, default=end) for c in clients)
    seconds = end - steady
    latencies = sorted(
        x for c in clients for x, at in zip(c.latencies, c.started, strict=True) if at >= steady
    )
    errors = [e for c in clients for e in c.errors]
    decisions = [d for c in clients for d in c.decisions]
    outcomes = Counter(d[3] for d in decisions)
    p95 = latencies[int(0.95 * (len(latencies) - 1))] if latencies else 0.0
    signing = sorted(c.signed_in for c in clients)
    print(f"clients: {len(clients)}, all signed in for {seconds:.1f} s: {len(latencies)} requests")
    print(f"sign-in (2 requests, argon2): median {statistics.median(signing):.2f} s, "
          f"slowest {signing[-1]:.2f} s")  # fmt: skip
    print(f"requests/s: {len(latencies) / seconds:.1f}")
    if latencies:
        print(f"latency p50: {statistics.median(latencies) * 1000:.1f} ms, "
              f"p95: {p95 * 1000:.1f} ms, max: {latencies[-1] * 1000:.1f} ms")  # fmt: skip
    shares = ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items()))
    print(f"decisions: {len(decisions)} ({shares})")
    print(f"errors: {len(errors)}")
    for error in errors[:10]:
        print(f"  {error}")
    print("log: every decision in the log exactly once, status chains unbroken: "
          + ("yes" if not problems else f"NO ({len(problems)} problems)"))  # fmt: skip
    for problem in problems[:10]:
        print(f"  {problem}")
    return not errors and not problems and bool(decisions)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, help="store to use (a copy; default: the seeds)")
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--writes", type=float, default=0.3, help="share of decisions")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "load.db"
        if args.db:
            import shutil

            shutil.copyfile(args.db, db)
        else:
            from bench.screenshots_serve import seeds_store

            seeds_store(db)
        tokens, ids = prepare(db, args.clients)
        server, host, port = start_server(db)
        try:
            clients = [Client(name, host, port) for name in tokens]
            until = time.monotonic() + args.seconds
            threads = [
                threading.Thread(
                    target=run_client, args=(c, tokens[c.name], until, args.writes, ids)
                )
                for c in clients
            ]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            end = time.perf_counter()
        finally:
            server.terminate()
            server.wait(30)
        problems = check_log(db, [d for c in clients for d in c.decisions])
    sys.exit(0 if report(clients, end, problems) else 1)


if __name__ == "__main__":
    main()
