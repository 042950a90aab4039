"""python manage.py restore FILE [--no-input]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from operations import backups


class Command(BaseCommand):
    help = (
        "Replace every row of the database with a backup made by `manage.py backup`. "
        "Stop the web and worker processes first."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="a backup written by manage.py backup")
        parser.add_argument(
            "--no-input", action="store_false", dest="interactive", help="do not ask to confirm"
        )

    def handle(self, *args, file: str, interactive: bool = True, **options):
        name = connections[DEFAULT_DB_ALIAS].settings_dict["NAME"]
        if interactive:
            answer = input(
                f"This replaces everything in the database {name} with {file}. "
                "Type 'yes' to continue: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        try:
            backups.restore(Path(file))
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Restored {name} from {file}.")
