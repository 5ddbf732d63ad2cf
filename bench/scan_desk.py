"""A scripted vulnerability scan of the review desk on loopback, signed in, with Wapiti
(Debian's ``wapiti``: ``apt-get install wapiti``; OWASP ZAP is in neither Debian's nor
PyPI's registries, so it cannot be installed here).

Copies a store (``--db``; by default the seeds ingested with the default stages), adds a
reviewer, starts the desk on a free port of 127.0.0.1, signs in, and runs Wapiti's
crawler and attack modules (XSS, stored XSS, SQL and blind SQL injection, command
execution, file disclosure, CRLF, open redirect, CSRF, headers, cookie flags, CSP, HTTP
methods) against it with the session cookie, never against sign-out, for at most
``--minutes`` (10). Prints Wapiti's findings by category and writes its JSON report to
``--out`` (bench/out/wapiti.json). Loopback only; stops by itself.

    python bench/scan_desk.py [--db claims.db] [--minutes 10]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load_signin import CSRF, Browser, prepare, start_server  # noqa: E402

# Debian's Wapiti 3.0.4 compiles exclusions as "…\Z(?ms)", which Python 3.11 refuses; this
# runs it with that one function mended, so sign-out can be left out of the scan.
WAPITI = """
import re, sys
import wapitiCore.net.crawler as crawler
def translate(pattern):
    return re.compile("(?ms)" + ".*".join(map(re.escape, pattern.split("*"))) + r"\\Z")
crawler.wildcard_translate = translate
from importlib.metadata import distribution
main = next(e for e in distribution("wapiti3").entry_points if e.name == "wapiti").load()
sys.argv[0] = "wapiti"
sys.exit(main())
"""
MODULES = ("xss,permanentxss,sql,blindsql,exec,file,crlf,redirect,csrf,http_headers,"
           "cookieflags,csp,methods")  # fmt: skip


def scan(db: Path, minutes: float, out: Path) -> int:
    """Run Wapiti against the desk on ``db``; the number of findings."""
    token = prepare(db)
    server, port = start_server(db, db.with_suffix(".access.log"), limits=True)
    base = f"http://127.0.0.1:{port}/"
    try:
        me = Browser(port)
        _, form = me.request("GET", "/signin")
        status, _ = me.request("POST", "/signin", {"csrf_token": CSRF.search(form).group(1),
                                                   "name": "bench", "token": token})  # fmt: skip
        if status != 303:
            raise SystemExit(f"could not sign in (HTTP {status})")
        crawl = min(120.0, minutes * 12)  # seconds: a fifth of the time crawls, the rest attacks
        attack = (minutes * 60 - crawl) / len(MODULES.split(","))
        command = [
            "/usr/bin/python3", "-c", WAPITI, "-u", base, "--scope", "folder", "-m", MODULES,
            "-H", f"Cookie: {me.cookie}", "-x", f"{base}signout", "--flush-session",
            "--max-scan-time", str(crawl), "--max-attack-time", str(attack),
            "--max-links-per-page", "30", "--max-files-per-dir", "40",
            "--store-session", str(db.parent / "session"), "--no-bugreport", "-v", "0",
            "-f", "json", "-o", str(out),
        ]  # fmt: skip
        subprocess.run(command, check=False, timeout=minutes * 60 + 120)
        found = json.loads(out.read_text(encoding="utf-8"))
    finally:
        server.terminate()
        server.wait(10)
    total = 0
    for section in ("vulnerabilities", "anomalies", "additionals"):
        for category, items in sorted(found.get(section, {}).items()):
            if items:
                total += len(items) if section != "additionals" else 0
                print(f"{section} / {category}: {len(items)}")
                for item in items[:5]:
                    print(f"  {item.get('method')} {item.get('path')}: {item.get('info')}")
    print(f"findings (vulnerabilities and anomalies): {total}; report: {out}")
    return total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, help="store to use (a copy; default: the seeds)")
    ap.add_argument("--minutes", type=float, default=10.0)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "wapiti.json")
    args = ap.parse_args()
    if shutil.which("wapiti") is None:
        raise SystemExit("wapiti is not installed (apt-get install wapiti)")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "scan.db"
        if args.db:
            shutil.copyfile(args.db, db)
        else:
            from bench.screenshots_serve import seeds_store

            seeds_store(db)
        scan(db, args.minutes, args.out)


if __name__ == "__main__":
    main()
