"""`manage.py backup` and `restore`: a backup taken, the data changed, the backup restored,
and every table holds what it held, down to the report texts. Runs on SQLite and (in the
PostgreSQL run of `make test`) on PostgreSQL with pg_dump and pg_restore.

The test commits to the session's seeded database (pg_dump cannot see an open transaction)
and puts it back with the restore under test, so later tests find the seeds as they were.
"""

import hashlib
import os
import time

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from agencies.models import AgencyAlias
from operations import audit
from plans.models import Measure
from reports.models import ProgressReport
from tests.factories import UserFactory


def snapshot() -> tuple[dict[str, int], str]:
    """Rows per table, and a checksum of every report text with its id."""
    with connection.cursor() as cursor:
        counts = {}
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    digest = hashlib.sha256()
    for pk, text in ProgressReport.objects.order_by("pk").values_list("pk", "works_done"):
        digest.update(f"{pk}\x00{text}\x00".encode())
    return counts, digest.hexdigest()


def change_the_data() -> None:
    ProgressReport.objects.update(works_done="Silinib.")
    Measure.objects.filter(number="1.1").update(title="Dəyişdirilib")
    AgencyAlias.objects.all().delete()
    UserFactory(username="intruder")
    audit.record(audit.Action.EXPORT, actor_name="intruder")


def test_a_backup_restores_every_table_after_the_data_changed(
    django_db_setup, django_db_blocker, tmp_path
):
    with django_db_blocker.unblock():
        before = snapshot()
        counts, _ = before
        assert counts["reports_progressreport"] > 0 and counts["agencies_agencyalias"] > 0
        path = tmp_path / "nap.backup"
        call_command("backup", "--output", str(path), stdout=open(os.devnull, "w"))
        try:
            change_the_data()
            assert snapshot() != before
        finally:
            call_command("restore", str(path), "--no-input", stdout=open(os.devnull, "w"))
        assert snapshot() == before


@pytest.mark.django_db
def test_restore_refuses_a_file_that_is_not_a_backup_of_this_database(tmp_path):
    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("hello")
    with pytest.raises(CommandError, match="is not"):
        call_command("restore", str(not_a_backup), "--no-input")


@pytest.mark.django_db
def test_keep_days_deletes_only_old_backups_of_the_portal(tmp_path):
    suffix = ".sqlite3" if connection.vendor == "sqlite" else ".pgdump"
    old = tmp_path / f"nap-portal-20200101-000000{suffix}"
    old.write_bytes(b"old")
    ten_days_ago = time.time() - 10 * 86400
    os.utime(old, (ten_days_ago, ten_days_ago))
    other = tmp_path / "keep-me.txt"
    other.write_text("x")
    os.utime(other, (ten_days_ago, ten_days_ago))
    call_command("backup", "--dir", str(tmp_path), "--keep-days", "7", stdout=open(os.devnull, "w"))
    names = sorted(p.name for p in tmp_path.iterdir())
    assert old.name not in names and "keep-me.txt" in names
    assert len([n for n in names if n.startswith("nap-portal-")]) == 1
