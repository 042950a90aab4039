"""Backups that restore: SQLite through its online backup API (a consistent copy while the
portal runs), PostgreSQL through pg_dump's custom format and pg_restore.

A backup holds the database only; evidence files live in MEDIA_ROOT and are copied apart
(README: "Backups").
"""

import os
import shutil
import sqlite3
import subprocess
from datetime import timedelta
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

from . import publication

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_CUSTOM_MAGIC = b"PGDMP"
SUFFIXES = {"sqlite": ".sqlite3", "postgresql": ".pgdump"}
PREFIX = "nap-portal-"


class BackupError(Exception):
    """The backup or restore could not be made; the message says why and what to do."""


def vendor(alias: str = DEFAULT_DB_ALIAS) -> str:
    return connections[alias].vendor


def default_name(alias: str = DEFAULT_DB_ALIAS) -> str:
    return f"{PREFIX}{timezone.now():%Y%m%d-%H%M%S}{SUFFIXES[vendor(alias)]}"


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} is not installed: install the PostgreSQL client tools "
            f"(Debian: apt-get install postgresql-client) in the server's major version."
        )
    return path


def _pg_args(alias: str) -> tuple[list[str], dict[str, str]]:
    settings = connections[alias].settings_dict
    args = ["--dbname", settings["NAME"]]
    if settings.get("HOST"):
        args += ["--host", settings["HOST"]]
    if settings.get("PORT"):
        args += ["--port", str(settings["PORT"])]
    if settings.get("USER"):
        args += ["--username", settings["USER"]]
    env = {**os.environ}
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = settings["PASSWORD"]
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()}")


def backup(output: Path, alias: str = DEFAULT_DB_ALIAS) -> Path:
    """Write a consistent copy of the database to ``output`` (created or replaced)."""
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    connection = connections[alias]
    if connection.vendor == "sqlite":
        # A connection of its own, read-only: SQLite's backup from a connection that holds a
        # write transaction (every transaction here begins IMMEDIATE) never gets its pages;
        # a separate reader copies what is committed, one consistent moment under WAL.
        name = str(connection.settings_dict["NAME"])
        source = sqlite3.connect(f"file:{name}?mode=ro", uri=True)
        target = sqlite3.connect(partial)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
    elif connection.vendor == "postgresql":
        args, env = _pg_args(alias)
        _run([_pg_tool("pg_dump"), "--format=custom", "--file", str(partial), *args], env)
    else:  # pragma: no cover - settings accept SQLite and PostgreSQL only
        raise BackupError(f"No backup for {connection.vendor}.")
    partial.replace(output)
    return output


def restore(source: Path, alias: str = DEFAULT_DB_ALIAS) -> None:
    """Replace every row of the database with the backup's; all or nothing."""
    if not source.is_file():
        raise BackupError(f"{source} is not a file.")
    head = source.open("rb").read(16)
    connection = connections[alias]
    previous = publication.version_in_database()
    if connection.vendor == "sqlite":
        if head != SQLITE_MAGIC:
            raise BackupError(f"{source} is not an SQLite backup (the database is SQLite).")
        connection.ensure_connection()
        if connection.in_atomic_block:
            raise BackupError("restore cannot run inside a transaction.")
        origin = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            origin.backup(connection.connection)
        finally:
            origin.close()
    elif connection.vendor == "postgresql":
        if not head.startswith(PG_CUSTOM_MAGIC):
            raise BackupError(
                f"{source} is not a pg_dump custom-format backup (the database is PostgreSQL)."
            )
        args, env = _pg_args(alias)
        connection.close()  # the restore drops tables this connection may have open
        _run(
            [
                _pg_tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                *args,
                str(source),
            ],
            env,
        )
    else:  # pragma: no cover
        raise BackupError(f"No restore for {connection.vendor}.")
    publication.restart_after(previous)


def prune(directory: Path, keep_days: int) -> list[Path]:
    """Delete this portal's backups in ``directory`` older than ``keep_days``; returns them."""
    cutoff = (timezone.now() - timedelta(days=keep_days)).timestamp()
    removed = []
    for path in sorted(directory.glob(f"{PREFIX}*")):
        if path.suffix in SUFFIXES.values() and path.stat().st_mtime < cutoff:
            path.unlink()
            removed.append(path)
    return removed
