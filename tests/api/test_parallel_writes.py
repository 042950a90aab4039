"""Concurrent writers get 409 or 412, never 500, on SQLite as on PostgreSQL.

Fifty pairs of simultaneous creates of one report, then fifty pairs of simultaneous PATCHes
of one report with the same If-Match, go to a live server (its own threads and database
connections, as in production): in each pair one write wins and the other is refused.
"""

import json
import threading
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from django.conf import settings

from accounts.services import issue_token
from agencies.models import Agency
from plans.models import Plan
from reports import services
from reports.models import ProgressReport
from reports.obligations import obligations_for_period
from tests.conftest import ANTI_CORRUPTION, OPEN_GOV
from tests.factories import MembershipFactory, UserFactory

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]
PAIRS = 50
API = "/api/v1/workspace/reports/"


@pytest.fixture(autouse=True)
def reseed_after_flush(django_db_blocker):
    """Set up before the live server's database fixture, so it runs after the flush."""
    yield
    from reports.importers.seeds import import_seeds

    with django_db_blocker.unblock():
        import_seeds(settings.FIXTURES_DIR)


@pytest.fixture
def writer(live_server, settings):
    """Two agencies' systems with tokens, and fifty reports they owe between them."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    secretariat = UserFactory(username="paralel_katib", is_staff=True, is_superuser=True)
    periods = [
        services.open_period(
            plan=Plan.objects.get(slug=slug),
            year=year,
            due_date=date(2030, 1, 31),
            user=secretariat,
            notify=False,
        )
        for slug, year in [(OPEN_GOV, 2021), (ANTI_CORRUPTION, 2023), (ANTI_CORRUPTION, 2024)]
    ]
    owed = []
    for slug in ["edliyye-nazirliyi", "samux-rayon-icra-hakimiyyeti"]:
        agency = Agency.objects.get(slug=slug)
        staff = MembershipFactory(user=UserFactory(username=f"paralel-{slug}"), agency=agency)
        key = issue_token(user=staff.user)[1]
        for period in periods:
            owed += [
                (key, agency.pk, o.measure.pk, period.pk)
                for o in obligations_for_period(period, [agency])
            ]
    assert len(owed) >= PAIRS
    return live_server.url, owed[:PAIRS]


def send(base: str, key: str, method: str, path: str, body: dict, if_match: str | None = None):
    request = urllib.request.Request(base + path, data=json.dumps(body).encode(), method=method)
    request.add_header("Authorization", f"Token {key}")
    request.add_header("Content-Type", "application/json")
    if if_match:
        request.add_header("If-Match", if_match)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def in_pairs(job, items) -> list[tuple[int, int]]:
    """Each item's two requests leave together (a barrier), eight pairs at a time."""

    def pair(item):
        barrier = threading.Barrier(2)

        def one():
            barrier.wait()
            return job(item)

        with ThreadPoolExecutor(2) as both:
            first, second = both.submit(one), both.submit(one)
            return tuple(sorted((first.result(), second.result())))

    with ThreadPoolExecutor(8) as pool:
        return list(pool.map(pair, items))


def test_parallel_creates_and_updates_get_409_or_412_never_500(writer):
    base, owed = writer

    def create(item):
        key, _agency, measure, period = item
        body = {"measure": measure, "period": period, "works_done": "Paralel yazı."}
        return send(base, key, "POST", API, body)

    created = in_pairs(create, owed)
    assert [s for pair in created for s in pair if s >= 500] == []
    assert set(created) == {(201, 409)}, created

    key_of = {(agency, measure, period): key for key, agency, measure, period in owed}
    reports = list(ProgressReport.objects.filter(period__in={period for *_, period in owed}))
    assert len(reports) == PAIRS

    def update(report):
        body = {"works_done": "Düzəliş.", "status": "in_progress"}
        path = f"{API}{report.pk}/"
        return send(
            base,
            key_of[report.agency_id, report.measure_id, report.period_id],
            "PATCH",
            path,
            body,
            f'"{report.version}"',
        )

    updated = in_pairs(update, reports)
    assert [s for pair in updated for s in pair if s >= 500] == []
    assert set(updated) == {(200, 412)}, updated
    versions = ProgressReport.objects.filter(pk__in=[r.pk for r in reports])
    assert set(versions.values_list("version", flat=True)) == {reports[0].version + 1}
