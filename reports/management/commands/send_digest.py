from django.core.management.base import BaseCommand

from reports.digest import send_digest


class Command(BaseCommand):
    help = (
        "Mail the secretariat the reports submitted since the last digest; each day's digest "
        "goes out once. Run it daily (cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List, send nothing.")

    def handle(self, *args, dry_run: bool = False, **options):
        digest = send_digest(dry_run=dry_run)
        if digest is None:
            self.stdout.write("Today's digest was sent already.")
            return
        for report in digest.reports:
            self.stdout.write(f"  {report} ({report.period.plan.slug})")
        if digest.sent:
            self.stdout.write(
                f"digest of {len(digest.reports)} report(s) sent to {', '.join(digest.recipients)}."
            )
        elif dry_run:
            self.stdout.write(f"would send a digest of {len(digest.reports)} report(s).")
        else:
            self.stdout.write("Nothing to send (no report came in, or no secretariat address).")
