"""Import graph and size checks for the project's own code, standard library only.

Why: the layering (store below claims below cli, stage packages without cycles) and the size
limits break silently; this makes them checkable in CI and in tests/test_layout.py. Every
import statement counts, lazy ones in functions too; `from x import y` is an import of x.y when
that is a module; imports from outside the scanned packages are dropped.

Usage: python bench/imports.py [--dot] [--all]: the package graph, then import cycles (module,
package and stage level), modules over 400 lines and functions over 60 lines in claims/, store/,
cli/; exit status 1 if there are any. --dot: Graphviz DOT (findings to stderr); --all: add
bench, training and tests (their graph shown separately, their cycles reported too).
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORE = ("claims", "store", "cli")
EXTRA = ("bench", "training", "tests")
Graph = dict[str, set[str]]


def modules(root: Path, packages: Iterable[str] = CORE) -> dict[str, Path]:
    """Module name -> file, for every .py file under the packages; pkg/__init__.py is `pkg`."""
    found: dict[str, Path] = {}
    for pkg in packages:
        for path in sorted((root / pkg).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _eager(tree: ast.AST) -> Iterator[ast.AST]:
    """The nodes that run at import time: no function bodies, no `if TYPE_CHECKING:` blocks."""
    todo = list(ast.iter_child_nodes(tree))
    while todo:
        node = todo.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            continue
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            todo.extend(node.orelse)
            continue
        yield node
        todo.extend(ast.iter_child_nodes(node))


def imports(path: Path, module: str, eager_only: bool = False) -> set[str]:
    """Absolute dotted names a file imports: `import a.b` gives a.b, `from a import b` gives
    a.b (b may be a module or just a name); relative imports are made absolute.
    `eager_only`: only the imports that run when the module is imported."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    here = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    names: set[str] = set()
    for node in _eager(tree) if eager_only else ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*here[: len(here) - node.level + 1], *filter(None, [base])])
            names.update(base if a.name == "*" else f"{base}.{a.name}" for a in node.names)
    return names


def _resolve(name: str, known: Iterable[str]) -> str | None:
    """The longest prefix of `name` that is a known module (None: not ours)."""
    parts = name.split(".")
    return next((m for i in range(len(parts), 0, -1) if (m := ".".join(parts[:i])) in known), None)


def module_graph(root: Path, packages: Iterable[str] = CORE) -> Graph:
    """Module -> the scanned modules it imports, anywhere in the file."""
    mods = modules(root, packages)
    graph: Graph = {}
    for mod, path in mods.items():
        targets = {t for name in imports(path, mod) if (t := _resolve(name, mods))}
        graph[mod] = targets - {mod} if path.name == "__init__.py" else targets  # `from . import`
    return graph


def package_of(module: str, graph: Graph, depth: int | None = None) -> str:
    """A package is its own package, a module belongs to its parent, except that a module right
    in a top-level package is a node of its own: there base modules (claims.types) and facades
    (claims.app) sit beside the stage packages. `depth` keeps that many name parts (2: the
    stage, e.g. claims.detect for claims.detect.nli.model)."""
    is_pkg = module.count(".") < 2 or any(m.startswith(module + ".") for m in graph)
    pkg = module if is_pkg else module.rsplit(".", 1)[0]
    return ".".join(pkg.split(".")[:depth]) if depth else pkg


def package_graph(graph: Graph, depth: int | None = None) -> Graph:
    """Collapse modules to packages. Self-edges are dropped, and so are edges from a package's
    __init__ into its own subtree: re-exporting its submodules is not a cycle."""
    out: Graph = {}
    for mod, targets in graph.items():
        src = package_of(mod, graph, depth)
        own = {t for t in targets if t.startswith(mod + ".")}  # only a package has these
        dests = {package_of(t, graph, depth) for t in targets - own}
        out.setdefault(src, set()).update(dests - {src})
    return out


def _reach(graph: Graph, start: str) -> set[str]:
    """The nodes reachable from `start` by one or more edges."""
    seen: set[str] = set()
    todo = list(graph.get(start, ()))
    while todo:
        if (v := todo.pop()) not in seen:
            seen.add(v)
            todo.extend(graph.get(v, ()))
    return seen


def cycles(graph: Graph) -> list[list[str]]:
    """Import cycles: the strongly connected components of more than one node, and nodes
    that import themselves, each sorted. Quadratic, which is fine for a few hundred modules."""
    reach = {v: _reach(graph, v) for v in graph}
    on_cycle = (v for v in graph if v in reach[v])
    comps = {tuple(sorted(w for w in reach[v] if v in reach.get(w, ()))) for v in on_cycle}
    return sorted(list(c) for c in comps)


def long_modules(root: Path, limit: int = 400, packages: Iterable[str] = CORE) -> list[str]:
    """Files over `limit` lines, as "path (N lines)"."""
    files = modules(root, packages).values()
    counts = {p: len(p.read_text(encoding="utf-8").splitlines()) for p in files}
    return [f"{p.relative_to(root).as_posix()} ({n} lines)" for p, n in counts.items() if n > limit]


def long_functions(root: Path, limit: int = 60, packages: Iterable[str] = CORE) -> list[str]:
    """Functions and methods over `limit` lines, from the `def` line (decorators excluded) to
    the body's last line, as "path:Class.name (N lines)". store/migrations/ is skipped."""
    out: list[str] = []
    for path in modules(root, packages).values():
        rel = path.relative_to(root).as_posix()
        if not rel.startswith("store/migrations/"):
            out += _long_defs(ast.parse(path.read_text(encoding="utf-8")), f"{rel}:", limit)
    return sorted(out)


def _long_defs(node: ast.AST, prefix: str, limit: int) -> list[str]:
    found: list[str] = []
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            n = (child.end_lineno or child.lineno) - child.lineno + 1
            if n > limit and not isinstance(child, ast.ClassDef):
                found.append(f"{prefix}{child.name} ({n} lines)")
            found += _long_defs(child, f"{prefix}{child.name}.", limit)
        else:
            found += _long_defs(child, prefix, limit)
    return found


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dot", action="store_true", help="print Graphviz DOT of the package graph")
    ap.add_argument("--all", action="store_true", help="also bench, training and tests")
    args = ap.parse_args()
    graph = module_graph(REPO, CORE + EXTRA if args.all else CORE)
    pkgs = package_graph(graph)
    if args.dot:
        lines = [f'  "{a}" -> "{b}";' for a in sorted(pkgs) for b in sorted(pkgs[a])]
        print("digraph imports {\n  rankdir=LR;\n" + "\n".join(lines) + "\n}")
    for group in () if args.dot else (CORE, EXTRA) if args.all else (CORE,):
        print(f"package graph ({', '.join(group)}): package -> what it imports")
        for pkg in sorted(p for p in pkgs if p.split(".")[0] in group):
            print(f"  {pkg} -> {', '.join(sorted(pkgs[pkg])) or '(nothing)'}")
    levels = (("module", graph), ("package", pkgs), ("stage", package_graph(graph, 2)))
    found = [f"{level} cycle among: {', '.join(c)}" for level, g in levels for c in cycles(g)]
    found += [f"module over 400 lines: {m}" for m in long_modules(REPO)]
    found += [f"function over 60 lines: {f}" for f in long_functions(REPO)]
    ok = "no import cycle, no module over 400 lines, no function over 60 lines"
    print("\n".join(found) or ok, file=sys.stderr if args.dot else sys.stdout)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
