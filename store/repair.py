"""Find, and mend, a SQLite store that an older claims left half-upgraded.

Before migrations ran in one transaction (``store/migrations/env.py``), pysqlite ran their
DDL outside any: a kill or a full disk in the middle of a revision left some of its tables,
columns, indexes or triggers in the file while ``alembic_version`` still named the revision
before, and every command then failed ("table embeddings already exists"). Only DDL up to a
revision's first data change could be left so (that change began a transaction): its new
tables are empty, its new columns hold nothing but NULL or their default.

A store is compared with the schema its recorded revision ``N`` should have, built in memory
by the same migrations. What revision ``N+1`` adds and the file already holds, and what it
removes and the file already lacks, are the leftovers of an unfinished upgrade. ``mend``
drops the added objects (a table only when empty, a column only when it holds nothing else
than NULL or its default), recreates the removed indexes and triggers, and lets the upgrade
run again, all in the migration's one locked transaction; anything else a file holds beyond
its schema (a reader's own index, say) is left alone. PostgreSQL's DDL was always
transactional: it is never left so.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, create_engine

from store.errors import StoreError

Key = tuple[str, ...]  # ("table", t) | ("column", t, c) | ("index", i) | ("trigger", r)
TMP = "_alembic_tmp_"  # the table a batch rebuild fills before it replaces the original


def objects(connection: Connection) -> dict[Key, str | None]:
    """Every table, column, index and trigger of a SQLite schema but Alembic's version
    table; an index's or trigger's value is its CREATE statement, a column's its default."""
    found: dict[Key, str | None] = {}
    rows = connection.exec_driver_sql(
        "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' "
        "AND name <> 'alembic_version' AND type IN ('table', 'index', 'trigger')"
    ).all()
    for kind, name, sql in rows:
        found[(kind, name)] = sql
        if kind == "table":
            for column in connection.exec_driver_sql(f'PRAGMA table_info("{name}")').all():
                found[("column", name, column[1])] = column[4]
    return found


Build = Callable[[Engine, str], object]  # migrates an engine to a revision (store.db)


@functools.cache
def schemas(revision: str | None, following: str, build: Build) -> tuple[dict, dict]:
    """The schema at ``revision`` (None: no schema) and at the revision ``following`` it,
    built by the migrations (``build``) on an in-memory SQLite store."""
    engine = create_engine("sqlite://")
    try:
        before: dict = {}
        if revision is not None:
            build(engine, revision)
            with engine.connect() as connection:
                before = objects(connection)
        build(engine, following)
        with engine.connect() as connection:
            return before, objects(connection)
    finally:
        engine.dispose()


def prepare_step(
    before: str | None, following: str, build: Build, *, repair: bool, done: list[str],
    where: object,
) -> Callable[[Connection], None]:  # fmt: skip
    """The ``prepare`` step of a SQLite upgrade from ``before`` to ``following``: refuses,
    or with ``repair`` mends (appending what it did to ``done``), what an older claims'
    interrupted upgrade left in the file."""
    expected = schemas(before, following, build)  # now: not inside the migration's transaction

    def prepare(connection: Connection) -> None:
        from alembic.runtime.migration import MigrationContext

        if MigrationContext.configure(connection).get_current_revision() != before:
            return  # another process upgraded it meanwhile (atomically: nothing left over)
        try:
            found = leftovers(connection, before, following, *expected)
        except StoreError as exc:
            raise StoreError(f"cannot open store {where}: {exc}") from None
        if found is None:
            return
        if not repair:
            what = (
                f"half-upgraded by an interrupted upgrade (schema {before}, with part of "
                f"{following}: {found.describe()})"
                if before
                else f"half-created by an interrupted first ingest ({found.describe()})"
            )
            raise StoreError(
                f"store {where} was left {what} by an older claims; run "
                f"`claims migrate --db {where}` to repair it"
            )
        done.extend(mend(connection, found, expected[0]))

    return prepare


@dataclass(frozen=True)
class Leftovers:
    """What an unfinished upgrade from ``revision`` to ``following`` left in a store."""

    revision: str | None
    following: str
    added: tuple[Key, ...]  # objects of ``following`` the file already holds
    removed: tuple[Key, ...]  # objects ``following`` drops that the file already lacks

    def describe(self) -> str:
        rank = {"table": 0, "column": 1, "index": 2, "trigger": 3}
        added = sorted(self.added, key=lambda k: (rank[k[0]], k))
        name = lambda k: f"column {k[1]}.{k[2]}" if k[0] == "column" else " ".join(k)  # noqa: E731
        shown = [name(k) for k in added] + [f"no {name(k)}" for k in self.removed]
        return ", ".join(shown[:6]) + (f" and {len(shown) - 6} more" if len(shown) > 6 else "")


def leftovers(
    connection: Connection, revision: str | None, following: str, before: dict, after: dict
) -> Leftovers | None:
    """The leftovers of an upgrade from ``revision`` (whose schema is ``before``) to
    ``following`` (``after``) that never finished, or None."""
    actual = objects(connection)
    new = {k for k in after if k not in before}  # a new table's columns go with the table
    new -= {k for k in new if k[0] == "column" and ("table", k[1]) not in before}
    added = sorted(k for k in actual if k in new or (k[0] == "table" and k[1].startswith(TMP)))
    gone = {k for k in before if k not in after and k[0] in ("index", "trigger")}
    removed = sorted(k for k in gone if k not in actual)
    if revision is None:
        strangers = sorted(k[1] for k in actual if k[0] == "table" and k not in after)
        if strangers:
            raise StoreError(
                f"it holds tables that are not a claims store's ({', '.join(strangers[:5])})"
            )
    if not added and not removed:
        return None
    return Leftovers(revision, following, tuple(added), tuple(removed))


def mend(connection: Connection, found: Leftovers, before: dict) -> list[str]:
    """Undo ``found`` inside the caller's transaction (``before``: the schema its revision
    should have); what was done, one line each."""
    done: list[str] = []
    order = {"trigger": 0, "index": 1, "column": 2, "table": 3}
    dropped_tables = {k[1] for k in found.added if k[0] == "table"}
    for key in sorted(found.added, key=lambda k: order[k[0]]):
        kind, name = key[0], key[1]
        if kind in ("trigger", "index"):
            connection.exec_driver_sql(f'DROP {kind.upper()} IF EXISTS "{name}"')
        elif kind == "column" and name not in dropped_tables:
            _refuse_unless_empty(connection, name, key[2], found)
            connection.exec_driver_sql(f'ALTER TABLE "{name}" DROP COLUMN "{key[2]}"')
            name = f"{name}.{key[2]}"
        elif kind == "table":
            if connection.exec_driver_sql(f'SELECT 1 FROM "{name}" LIMIT 1').first():
                raise StoreError(
                    f"cannot repair: table {name} of the unfinished upgrade holds rows"
                )
        else:
            continue
        if kind != "table":
            done.append(f"dropped {kind} {name} of the unfinished upgrade to {found.following}")
    for name in sorted(dropped_tables):
        connection.exec_driver_sql(f'DROP TABLE "{name}"')
        done.append(f"dropped empty table {name} of the unfinished upgrade to {found.following}")
    for key in found.removed:
        connection.exec_driver_sql(str(before[key]))
        done.append(f"recreated {key[0]} {key[1]} that the unfinished upgrade had dropped")
    return done


def _refuse_unless_empty(connection: Connection, table: str, column: str, found: Leftovers) -> None:
    """Refuse to drop a leftover column that holds anything but NULL or its default."""
    default = objects(connection).get(("column", table, column))
    test = f'"{column}" IS NOT NULL' + (f' AND "{column}" IS NOT ({default})' if default else "")
    if connection.exec_driver_sql(f'SELECT 1 FROM "{table}" WHERE {test} LIMIT 1').first():
        raise StoreError(
            f"cannot repair: column {table}.{column} of the unfinished upgrade to "
            f"{found.following} holds values"
        )
