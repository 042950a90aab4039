from django.core.management.base import BaseCommand

from reports.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Mail agencies with missing reports 30 and 7 days before the due date and once it is "
        "overdue; each reminder goes out once. Run it daily (cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List, send nothing.")

    def handle(self, *args, dry_run: bool = False, **options):
        sent = send_reminders(dry_run=dry_run)
        for item in sent:
            self.stdout.write(
                f"{'would send' if dry_run else 'sent'} {item.kind} reminder: {item.agency.name} "
                f"({item.missing} missing, {item.period}) to {', '.join(item.recipients)}"
            )
        self.stdout.write(f"{len(sent)} reminder(s) {'to send' if dry_run else 'sent'}.")
