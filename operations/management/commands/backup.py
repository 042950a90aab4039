"""python manage.py backup [--output FILE | --dir DIR] [--keep-days N]"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from operations import backups


class Command(BaseCommand):
    help = (
        "Back up the database: SQLite with its online backup API, PostgreSQL with pg_dump "
        "(custom format). Safe while the portal runs."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", help="the file to write (default: a dated name in --dir)")
        parser.add_argument(
            "--dir",
            default=str(settings.BACKUP_DIR),
            help="where dated backups go (default: BACKUP_DIR, now %(default)s)",
        )
        parser.add_argument(
            "--keep-days",
            type=int,
            help="afterwards delete this portal's backups in --dir older than this many days",
        )

    def handle(self, *args, output=None, dir=None, keep_days=None, **options):
        directory = Path(dir)
        path = Path(output) if output else directory / backups.default_name()
        try:
            backups.backup(path)
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Backed up to {path} ({path.stat().st_size:,} bytes).")
        if keep_days is not None:
            for old in backups.prune(directory, keep_days):
                self.stdout.write(f"Deleted {old} (older than {keep_days} days).")
