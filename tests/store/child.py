"""``claims ARGS`` in a process of its own, with the test stages, that a test can kill or
pause at a chosen SQL statement: ``python -m tests.store.child ARGS``.

- ``CLAIMS_TEST_KILL_AT=K``: SIGKILL itself right after its K-th SQL statement ran (a
  statement that ran is not yet committed: the COMMIT is the next point).
- ``CLAIMS_TEST_PAUSE_ON=WORD``: after the first statement starting with WORD (e.g.
  ``INSERT``: an ingest holding the write lock), create ``CLAIMS_TEST_PAUSED`` (a path) and
  sleep until that file is removed.
- ``CLAIMS_TEST_COUNT=FILE``: write the number of statements run to FILE at exit.

``python -m tests.store.child --sweep SPEC.json`` kills many runs cheaply: it imports
everything once, then for each K of the spec's ``kills`` copies the spec's ``seed`` store
(if any) to ``DIR/kK.db``, forks, and runs the spec's ``args`` with ``--db DIR/kK.db`` in the
fork (or with ``--db`` the spec's ``urls[K]``: a PostgreSQL database), which SIGKILLs
itself after its K-th statement; ``DIR/results.json`` says, per K,
"killed" or the exit code (K 0: the run never killed, and how many statements it ran).
"""

from __future__ import annotations

import atexit
import os
import signal
import sys
import time
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine


def _hooks() -> None:
    kill_at = int(os.environ.get("CLAIMS_TEST_KILL_AT", "0"))
    pause_on = os.environ.get("CLAIMS_TEST_PAUSE_ON", "").upper()
    paused = Path(os.environ.get("CLAIMS_TEST_PAUSED", "paused"))
    count = os.environ.get("CLAIMS_TEST_COUNT")
    seen = {"statements": 0, "paused": False}

    @event.listens_for(Engine, "after_cursor_execute")
    def _after(conn, cursor, statement, params, context, many) -> None:  # noqa: ANN001
        seen["statements"] += 1
        if seen["statements"] == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
        if pause_on and not seen["paused"] and statement.lstrip().upper().startswith(pause_on):
            seen["paused"] = True
            paused.write_text(str(os.getpid()))
            while paused.exists():
                time.sleep(0.05)

    if count:
        atexit.register(lambda: Path(count).write_text(str(seen["statements"])))


def _sweep(spec_path: str) -> None:
    """Fork a run per kill point of the spec (see the module's docstring)."""
    import json
    import shutil

    spec = json.loads(Path(spec_path).read_text())
    folder = Path(spec["dir"])
    app, runtime = _app()
    results: dict[str, object] = {}
    for kill_at in [0, *spec["kills"]]:
        db = spec.get("urls", {}).get(str(kill_at)) or folder / f"k{kill_at}.db"
        if spec.get("seed"):
            shutil.copyfile(spec["seed"], db)
        counted = folder / f"k{kill_at}.count"
        pid = os.fork()
        if pid == 0:
            os.environ["CLAIMS_TEST_KILL_AT"] = str(kill_at)
            os.environ["CLAIMS_TEST_COUNT"] = str(counted)
            _hooks()
            with open(folder / f"k{kill_at}.out", "w") as out:
                os.dup2(out.fileno(), 1)
                os.dup2(out.fileno(), 2)
                try:
                    app([*spec["args"], "--db", str(db)], prog_name="claims", obj=runtime)
                except SystemExit as done:
                    atexit._run_exitfuncs()
                    os._exit(done.code if isinstance(done.code, int) else 1)
            atexit._run_exitfuncs()
            os._exit(0)
        _, status = os.waitpid(pid, 0)
        killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
        results[str(kill_at)] = "killed" if killed else os.WEXITSTATUS(status)
        if kill_at == 0:
            results["statements"] = int(counted.read_text()) if counted.exists() else 0
    (folder / "results.json").write_text(json.dumps(results))


def _app():  # noqa: ANN202 - the typer app and the test runtime
    os.environ.setdefault("CLAIMS_MIN_SIMILARITY", "0.2")  # the hashing double is not semantic
    from cli.common import Runtime
    from cli.main import app
    from tests.doubles import fast_stages

    return app, Runtime(stages=fast_stages)


def main() -> None:
    if sys.argv[1:2] == ["--sweep"]:
        _sweep(sys.argv[2])
        return
    _hooks()
    app, runtime = _app()
    app(sys.argv[1:], prog_name="claims", obj=runtime)


if __name__ == "__main__":
    main()
