"""Demo accounts for the SQLite demo database: never on a production configuration."""

from datetime import date

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from agencies.models import Agency, AgencyMembership
from plans.models import Plan
from reports.models import ReportingPeriod
from reports.services import open_period

DEMO_PASSWORD = "nap-demo-2026"
DEMO_USERS = [
    # username, agency slug (None: secretariat), description
    ("katiblik", None, "secretariat officer"),
    ("edliyye", "edliyye-nazirliyi", "staff of Ədliyyə Nazirliyi"),
    ("samux", "samux-rayon-icra-hakimiyyeti", "staff of Samux Rayon İcra Hakimiyyəti"),
]
# A member of the civil-society platform of seed 001: writes and publishes assessments.
DEMO_ORGANISATION_MEMBER = ("qht", "aht-platformasi", "member of AHT Platforması (civil society)")


class Command(BaseCommand):
    help = "Create the demo accounts (secretariat, Ədliyyə Nazirliyi, Samux RİH) and print them."

    def add_arguments(self, parser):
        parser.add_argument(
            "--skip-if-refused",
            action="store_true",
            help="Print why no accounts were created and exit successfully (for `make setup`).",
        )

    def handle(self, *args, skip_if_refused: bool = False, **options):
        refusal = self.refusal()
        if refusal:
            if skip_if_refused:
                self.stdout.write(f"Demo accounts skipped. {refusal}")
                return
            raise CommandError(refusal)
        with transaction.atomic():
            secretariat = Group.objects.get_or_create(name=settings.SECRETARIAT_GROUP)[0]
            users = get_user_model().objects
            for username, slug, _description in DEMO_USERS:
                user, created = users.get_or_create(
                    username=username, defaults={"email": f"{username}@demo.nap.local"}
                )
                if created:
                    user.set_password(DEMO_PASSWORD)
                    user.save(update_fields=["password"])
                if slug is None:
                    user.is_staff = True
                    user.save(update_fields=["is_staff"])
                    user.groups.add(secretariat)
                else:
                    AgencyMembership.objects.get_or_create(
                        user=user, agency=Agency.objects.get(slug=slug)
                    )
            self.add_organisation_member(users)
            period = self.open_demo_period(users.get(username="katiblik"))
        if period:
            self.stdout.write(f"Open period for the demo: {period} (due {period.due_date})")
        self.stdout.write("Demo accounts (local SQLite demo only) — log in at /accounts/login/:")
        for username, _slug, description in [*DEMO_USERS, DEMO_ORGANISATION_MEMBER]:
            self.stdout.write(f"  {username:<10} / {DEMO_PASSWORD}   {description}")
        self.stdout.write(
            "  katiblik sets up two-step login at its first login: scan the QR code with an "
            "authenticator app, or run `oathtool --totp -b <key shown>` (README: Signing in)."
        )

    @staticmethod
    def add_organisation_member(users) -> None:
        """The civic app sits above reports in the layers, so its models are looked up by
        name here rather than imported."""
        username, slug, _description = DEMO_ORGANISATION_MEMBER
        user, created = users.get_or_create(
            username=username, defaults={"email": f"{username}@demo.nap.local"}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        organisation = apps.get_model("civic", "Organisation").objects.get(slug=slug)
        apps.get_model("civic", "OrganisationMembership").objects.get_or_create(
            user=user, organisation=organisation
        )

    def refusal(self) -> str:
        if not (settings.DEBUG and settings.DEMO_DATA_ALLOWED):
            return (
                "Refusing to create demo accounts: they are for development only "
                "(DEBUG and DEMO_DATA_ALLOWED must both be true)."
            )
        if connection.vendor != "sqlite":
            return (
                "Refusing to create demo accounts on a non-SQLite database: they belong to the "
                "local SQLite demo database only."
            )
        return ""

    def open_demo_period(self, secretariat_user):
        """An open period, so the demo workspace has something due (no mail is sent)."""
        if ReportingPeriod.objects.filter(is_open=True).exists():
            return ReportingPeriod.objects.filter(is_open=True).first()
        plan = Plan.objects.filter(slug="anti-corruption-2022-2026").first()
        if plan is None or ReportingPeriod.objects.filter(plan=plan, year=2026).exists():
            return None
        return open_period(
            plan=plan, year=2026, due_date=date(2027, 1, 31), user=secretariat_user, notify=False
        )
