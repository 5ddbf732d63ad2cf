"""The layout rules of claims/, store/ and cli/, checked on the source with bench/imports.py.

Why: import cycles, upward imports (store -> claims, claims -> cli), database code outside
the stages that own it, heavy libraries loaded by the CLI at start-up and oversized modules
and functions creep in unnoticed; these tests name the offending modules and functions.
"""

from __future__ import annotations

import ast
import functools
import textwrap
from pathlib import Path

import pytest

from bench.imports import (
    CORE,
    EXTRA,
    cycles,
    imports,
    long_functions,
    long_modules,
    module_graph,
    modules,
    package_graph,
    package_of,
)

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("torch", "sentence_transformers", "transformers", "dask", "distributed")
# the only places in claims/ that may talk to the database
SQL_ALLOWED = (
    "claims.pipeline.",
    "claims.report.",
    "claims.app",
    "claims.review",
    "claims.backfill",  # runs an ingest or a rescore in shards, like claims.pipeline
)


@functools.cache
def _graph() -> dict[str, set[str]]:
    """The module graph of claims/, store/, cli/ (not a fixture: keeps failure output short)."""
    return module_graph(ROOT)


def _edges(graph: dict[str, set[str]], src: str, dst: tuple[str, ...]) -> list[str]:
    """Module edges from package `src` into any of the packages `dst`."""
    inside = lambda m, pkg: m == pkg or m.startswith(pkg + ".")  # noqa: E731
    return [
        f"{a} -> {b}"
        for a in sorted(graph)
        if inside(a, src)
        for b in sorted(graph[a])
        if any(inside(b, d) for d in dst)
    ]


def test_no_module_cycles() -> None:
    graph = _graph()
    found = cycles(graph)
    edges = [f"{a} -> {b}" for c in found for a in c for b in sorted(graph[a] & set(c))]
    assert not found, f"module import cycles: {found}; imports: {edges}"


@pytest.mark.parametrize("depth", [None, 2], ids=["package", "stage"])
def test_no_package_cycles(depth: int | None) -> None:
    graph = _graph()
    found = cycles(package_graph(graph, depth))
    members = {p for c in found for p in c}
    why: dict[str, list[str]] = {}  # package edge inside a cycle -> the module imports behind it
    for a in sorted(graph):
        for b in sorted(graph[a]):
            pa, pb = package_of(a, graph, depth), package_of(b, graph, depth)
            if pa != pb and {pa, pb} <= members and not b.startswith(a + "."):
                why.setdefault(f"{pa} -> {pb}", []).append(f"{a} -> {b}")
    detail = "\n".join(f"  {edge}: {', '.join(mods)}" for edge, mods in why.items())
    assert not found, f"package import cycles (depth {depth}): {found}; edges:\n{detail}"


def test_store_imports_nothing_above_it() -> None:
    graph = _graph()
    found = _edges(graph, "store", ("claims", "cli"))
    assert not found, f"store imports claims/cli: {found}"


def test_claims_does_not_import_cli() -> None:
    graph = _graph()
    found = _edges(graph, "claims", ("cli",))
    assert not found, f"claims imports cli: {found}"


def test_no_module_over_400_lines() -> None:
    names = long_modules(ROOT, 400)
    assert not names, f"modules over 400 lines: {names}"


def test_no_function_over_60_lines() -> None:
    names = long_functions(ROOT, 60)
    assert not names, f"functions over 60 lines: {names}"


def test_sqlalchemy_only_in_the_stages_that_own_the_database() -> None:
    found = [
        mod
        for mod, path in modules(ROOT, ("claims",)).items()
        if not mod.startswith(SQL_ALLOWED)
        and any(name.split(".")[0] == "sqlalchemy" for name in imports(path, mod))
    ]
    assert not found, f"modules outside {SQL_ALLOWED} importing sqlalchemy: {found}"


def test_cli_does_not_import_heavy_libraries_at_module_level() -> None:
    found = [
        f"{mod}: {name}"
        for mod, path in modules(ROOT, ("cli",)).items()
        for name in sorted(imports(path, mod, eager_only=True))
        if name.split(".")[0] in HEAVY
    ]
    assert not found, f"cli modules importing {HEAVY} at module level: {found}"


def test_cli_start_up_does_not_load_heavy_libraries_through_project_modules() -> None:
    """The same, following module-level imports through claims/ and store/ (and the package
    __init__ files each import runs)."""
    mods = modules(ROOT)
    eager = {m: imports(p, m, eager_only=True) for m, p in mods.items()}
    found = []
    for start in (m for m in mods if m == "cli" or m.startswith("cli.")):
        chain = {start: [start]}
        todo = [start]
        while todo:
            mod = todo.pop()
            for name in sorted(eager[mod]):
                parts = name.split(".")
                if parts[0] in HEAVY:
                    found.append(" -> ".join([*chain[mod], name]))
                for i in range(1, len(parts) + 1):  # importing a.b.c runs a, a.b, a.b.c
                    dep = ".".join(parts[:i])
                    if dep in mods and dep not in chain:
                        chain[dep] = [*chain[mod], dep]
                        todo.append(dep)
    assert not found, f"cli start-up loads {HEAVY}: {sorted(set(found))}"


def test_no_module_cycles_in_bench_training_and_tests() -> None:
    """bench/scale.py and bench/scale_pg.py imported each other; their shared rows now
    live in bench/scale_rows.py. No script package may grow a cycle again."""
    graph = module_graph(ROOT, (*CORE, *EXTRA))
    found = [c for c in cycles(graph) if any(m.split(".")[0] in EXTRA for m in c)]
    assert not found, f"import cycles in {EXTRA}: {found}"


def test_check_command_makes_one_library_call() -> None:
    """``claims check`` parses, calls ``claims.pipeline.check_store.check_store`` and
    prints: no store module (locks, revisions, snapshot conflicts) in the command."""
    path = ROOT / "cli" / "check.py"
    into_store = sorted(n for n in imports(path, "cli.check") if n.split(".")[0] == "store")
    assert not into_store, f"cli/check.py imports {into_store}"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    [command] = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "check"]
    library = {
        alias.asname or alias.name
        for node in ast.walk(command)
        if isinstance(node, ast.ImportFrom)
        and (node.module or "").startswith(("claims.pipeline", "claims.app"))
        for alias in node.names
    }
    called = (n.func for n in ast.walk(command) if isinstance(n, ast.Call))
    calls = [f.id for f in called if isinstance(f, ast.Name) and f.id in library]
    assert calls == ["check_store"], f"library calls in the check command: {calls}"
    helpers = [n.name for n in tree.body if isinstance(n, ast.FunctionDef) and n.name != "check"]
    printing = {
        "_append_summary",
        "_bad_batch",
        "_note",
    }  # they only write what the library returned
    assert set(helpers) <= printing, f"cli/check.py defines {helpers}"


# Stages that compute their own keys: store/ keeps the rows and the queries.
KEYED_STAGES = ("claims.sources.copies", "claims.detect.flag")
ROW_MODULES = ("store.fingerprints", "store.verdicts")
COMPUTING = ("hashlib", "numpy", "unicodedata", "re")


def test_stages_take_no_computation_from_store() -> None:
    graph = _graph()
    found = [
        f"{mod} -> {dep}"
        for mod in KEYED_STAGES
        for dep in sorted(graph[mod])
        if dep.split(".")[0] == "store" and dep != "store.batching"  # the one shared helper
    ]
    assert not found, f"stages importing store/ for their computation: {found}"


def test_store_rows_modules_compute_no_keys() -> None:
    mods = modules(ROOT, ("store",))
    found = [
        f"{mod}: {name}"
        for mod in ROW_MODULES
        for name in sorted(imports(mods[mod], mod))
        if name.split(".")[0] in COMPUTING
    ]
    assert not found, f"store modules hashing instead of keeping rows: {found}"


# The checker itself, on tiny packages written to tmp_path.


def _write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def test_checker_finds_a_two_module_cycle(tmp_path: Path) -> None:
    root = _write(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/a.py": "import json\nimport pkg.b\n",
            "pkg/b.py": "from pkg import a\n",
        },
    )
    graph = module_graph(root, ("pkg",))
    assert graph == {"pkg": set(), "pkg.a": {"pkg.b"}, "pkg.b": {"pkg.a"}}  # json dropped
    assert cycles(graph) == [["pkg.a", "pkg.b"]]


def test_checker_counts_lazy_and_relative_imports(tmp_path: Path) -> None:
    root = _write(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/a.py": "def f():\n    from pkg.b import thing\n    return thing\n",
            "pkg/b.py": "thing = 1\n",
            "pkg/sub/__init__.py": "from .. import b\n",
            "pkg/sub/c.py": "from . import d\nfrom .d import x\n",
            "pkg/sub/d.py": "x = 1\n",
        },
    )
    graph = module_graph(root, ("pkg",))
    assert graph["pkg.a"] == {"pkg.b"}
    assert graph["pkg.sub"] == {"pkg.b"}
    assert graph["pkg.sub.c"] == {"pkg.sub.d"}
    assert imports(root / "pkg/a.py", "pkg.a", eager_only=True) == set()


def test_checker_init_re_exporting_its_submodules_is_no_package_cycle(tmp_path: Path) -> None:
    root = _write(
        tmp_path,
        {
            "pkg/__init__.py": "from pkg.stage.sub.mod import X\n",
            "pkg/base.py": "Y = 1\n",
            "pkg/stage/__init__.py": "from pkg.stage.sub import X\n",
            "pkg/stage/sub/__init__.py": "from pkg.stage.sub.mod import X\n",
            "pkg/stage/sub/mod.py": "from pkg.base import Y\nfrom pkg.stage import util\nX = Y\n",
            "pkg/stage/util.py": "",
        },
    )
    graph = module_graph(root, ("pkg",))
    assert cycles(graph) == []
    assert package_graph(graph) == {
        "pkg": set(),
        "pkg.base": set(),
        "pkg.stage": set(),
        "pkg.stage.sub": {"pkg.base", "pkg.stage"},
    }
    assert package_graph(graph, 2) == {"pkg": set(), "pkg.base": set(), "pkg.stage": {"pkg.base"}}
    assert cycles(package_graph(graph)) == cycles(package_graph(graph, 2)) == []


def test_checker_finds_a_package_cycle_without_a_module_cycle(tmp_path: Path) -> None:
    root = _write(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/a/__init__.py": "",
            "pkg/a/x.py": "import pkg.b.y\n",
            "pkg/a/w.py": "",
            "pkg/b/__init__.py": "",
            "pkg/b/y.py": "",
            "pkg/b/z.py": "from pkg.a import w\n",
        },
    )
    graph = module_graph(root, ("pkg",))
    assert cycles(graph) == []
    assert cycles(package_graph(graph)) == [["pkg.a", "pkg.b"]]


def test_checker_measures_functions_from_def_to_end(tmp_path: Path) -> None:
    body = "".join(f"x{i} = {i}\n" for i in range(59))
    ok = "@decorator\n@decorator\ndef ok():\n" + textwrap.indent(body, "    ")  # 60 lines
    long = "class C:\n    def long(self):\n" + textwrap.indent(body + "return 1\n", " " * 8)
    root = _write(tmp_path, {"pkg/__init__.py": "", "pkg/m.py": ok + long})
    assert long_functions(root, 60, ("pkg",)) == ["pkg/m.py:C.long (61 lines)"]
    assert long_modules(root, 123, ("pkg",)) == ["pkg/m.py (124 lines)"]
    assert long_modules(root, 124, ("pkg",)) == []
