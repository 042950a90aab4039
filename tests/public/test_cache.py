"""The publication-keyed cache of the public side: anonymous pages, feeds and open-data
answers come from it until the next publication; staff always get live pages; each language
has its own entries; a cached page revalidates with 304."""

import pytest
from django.db import transaction
from django.test import Client as DjangoClient
from django.urls import reverse

from operations.publication import bump, version
from plans.models import Measure
from reports import services
from tests.conftest import ANTI_CORRUPTION, OPEN_GOV

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("public_cache")]

TEXT = "Sitrusbağçası layihəsi başa çatdı"
WORD = "sitrusbağçası"


def status(response) -> str:
    return response.get("X-Public-Cache", "")


@pytest.fixture
def accepted(period, staff_a, agency_a, secretariat_user, django_capture_on_commit_callbacks):
    """An accepted (not yet public) report of agency A on Open Government measure 1.9."""
    measure = Measure.objects.get(plan__slug=OPEN_GOV, number="1.9")
    with django_capture_on_commit_callbacks(execute=True):
        report = services.save_report(
            user=staff_a, measure=measure, agency=agency_a, period=period, works_done=TEXT
        )
        report = services.submit_report(report=report, user=staff_a)
        return services.accept_report(report=report, user=secretariat_user)


def pages_showing(report) -> list[tuple[str, str]]:
    """The public answers that show the report once it is published, each with what shows it
    (the board lists the measure among those the text matches; the others show the text)."""
    plan = report.measure.plan
    return [
        (report.measure.get_absolute_url(), TEXT),
        (f"{plan.get_absolute_url()}?q={WORD}&year={report.period.year}", "measures/1.9/"),
        (f"/search/?q={WORD}", "layihəsi başa çatdı"),
        (reverse("plans:feed", args=[plan.slug]), TEXT),
        (reverse("agencies:feed", args=[report.agency.slug]), TEXT),
        (f"/api/v1/reports/?plan={plan.slug}&year={report.period.year}", TEXT),
    ]


def body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def test_a_publication_shows_on_every_cached_page_that_shows_the_report(
    client, accepted, secretariat_user, django_capture_on_commit_callbacks
):
    pages = pages_showing(accepted)
    # The plan's dump streams (built from the database as it is sent, never page-cached).
    dump = f"/api/v1/plans/{accepted.measure.plan.slug}/dump/"
    assert TEXT not in body(client.get(dump))
    for url, shown in pages:
        first, second = client.get(url), client.get(url)
        assert first.status_code == second.status_code == 200, url
        assert (status(first), status(second)) == ("miss", "hit"), url
        assert shown not in second.content.decode(), url
    before = version()
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_report(report=accepted, user=secretariat_user)
    assert version() > before
    for url, shown in pages:
        response = client.get(url)
        assert status(response) == "miss", url
        assert shown in response.content.decode(), url
        assert status(client.get(url)) == "hit", url
    assert TEXT in body(client.get(dump))


def test_a_correction_replaces_the_cached_text(
    client, accepted, secretariat_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = services.publish_report(report=accepted, user=secretariat_user)
    url = report.measure.get_absolute_url()
    assert TEXT in client.get(url).content.decode()
    assert status(client.get(url)) == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        services.correct_report(
            report=report,
            user=secretariat_user,
            works_done="Düzəldilmiş mətn: portokal bağı",
            status=report.status,
            reason="Səhv yazılmışdı.",
        )
    page = client.get(url).content.decode()
    assert "portokal bağı" in page and TEXT not in page


def test_the_counter_moves_only_when_the_transaction_commits(django_capture_on_commit_callbacks):
    before = version()
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            bump("test")
            assert version() == before
    assert version() == before + 1


def test_staff_always_get_the_live_page_and_never_fill_the_cache(client, seeded, staff_a):
    url = reverse("plans:board", args=[ANTI_CORRUPTION])
    anonymous = DjangoClient()
    assert status(anonymous.get(url)) == "miss"
    client.force_login(staff_a)
    for _ in range(2):
        response = client.get(url)
        assert status(response) == "" and "ETag" not in response
        assert "staff_a" in response.content.decode()
    cached = anonymous.get(url)
    assert status(cached) == "hit"
    assert "staff_a" not in cached.content.decode()
    assert "csrfmiddlewaretoken" not in cached.content.decode()


def test_staff_never_get_a_page_an_anonymous_visitor_cached(client, seeded, staff_a):
    url = reverse("agencies:list")
    DjangoClient().get(url)
    assert status(DjangoClient().get(url)) == "hit"
    client.force_login(staff_a)
    page = client.get(url)
    assert status(page) == ""
    assert "staff_a" in page.content.decode()


def test_each_language_has_its_own_entries(seeded):
    url = reverse("plans:board", args=[ANTI_CORRUPTION])
    azerbaijani, english = DjangoClient(), DjangoClient()
    english.cookies.load({"django_language": "en"})
    first_az, first_en = azerbaijani.get(url), english.get(url)
    assert (status(first_az), status(first_en)) == ("miss", "miss")
    for _ in range(2):
        az_page, en_page = azerbaijani.get(url), english.get(url)
        assert (status(az_page), status(en_page)) == ("hit", "hit")
        assert '<html lang="az">' in az_page.content.decode()
        assert '<html lang="en">' in en_page.content.decode()
        assert "Status not stated" in en_page.content.decode()
    assert first_az["ETag"] != first_en["ETag"]


def test_the_api_answers_each_language_and_format_apart(seeded):
    api = DjangoClient()
    url = f"/api/v1/plans/{ANTI_CORRUPTION}/"
    assert status(api.get(url, HTTP_ACCEPT_LANGUAGE="az")) == "miss"
    assert status(api.get(url, HTTP_ACCEPT_LANGUAGE="en")) == "miss"
    assert status(api.get(url + "?format=csv")) == "miss"
    csv = api.get(url + "?format=csv")
    assert status(csv) == "hit" and csv["Content-Type"].startswith("text/csv")
    assert status(api.get(url, HTTP_ACCEPT_LANGUAGE="en")) == "hit"


def test_a_token_reader_of_the_api_gets_live_answers(seeded, staff_a):
    from accounts.services import issue_token

    token = issue_token(user=staff_a, name="test")[1]
    api = DjangoClient(HTTP_AUTHORIZATION=f"Token {token}")
    api.get("/api/v1/plans/")
    assert status(api.get("/api/v1/plans/")) == ""


def test_a_cached_page_answers_304_to_its_etag(seeded):
    url = reverse("plans:board", args=[ANTI_CORRUPTION])
    visitor = DjangoClient()
    first = visitor.get(url)
    assert first["ETag"] and first["Last-Modified"]
    again = visitor.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    since = visitor.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    assert visitor.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_query_parameters_in_any_order_share_one_entry(seeded):
    base = reverse("plans:board", args=[ANTI_CORRUPTION])
    visitor = DjangoClient()
    assert status(visitor.get(f"{base}?status=in_progress&page=2")) == "miss"
    assert status(visitor.get(f"{base}?page=2&status=in_progress")) == "hit"
    assert status(visitor.get(f"{base}?page=3&status=in_progress")) == "miss"


def test_anonymous_pages_set_no_cookie_and_the_language_switch_needs_none(seeded):
    visitor = DjangoClient(enforce_csrf_checks=True)
    page = visitor.get("/")
    assert not page.cookies
    switched = visitor.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert switched.status_code == 302
    assert '<html lang="en">' in visitor.get("/").content.decode()


def test_a_visitor_with_a_message_waiting_gets_the_live_page(seeded):
    url = reverse("plans:home")
    visitor = DjangoClient()
    visitor.get(url)
    visitor.cookies.load({"messages": "anything"})
    assert status(visitor.get(url)) == ""


def test_admin_change_to_a_plan_shows_at_once(
    client, seeded, secretariat_user, django_capture_on_commit_callbacks
):
    plan = seeded[ANTI_CORRUPTION]
    visitor = DjangoClient()
    url = plan.get_absolute_url()
    visitor.get(url)
    assert status(visitor.get(url)) == "hit"
    secretariat_user.is_staff = secretariat_user.is_superuser = True
    secretariat_user.save()
    client.force_login(secretariat_user)
    change = reverse("admin:plans_plan_change", args=[plan.pk])
    form = client.get(change).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data["title"] = "Yenilənmiş plan adı"
    data.update(
        {
            # The plan is in force: the change is an amendment (plans.amendments).
            "amendment_basis": "Sərəncam № 1234",
            "amendment_basis_date": "2024-03-15",
            "amendment_reason": "Adın dəqiqləşdirilməsi.",
            "priorities-TOTAL_FORMS": "0",
            "priorities-INITIAL_FORMS": "0",
            "priorities-MIN_NUM_FORMS": "0",
            "priorities-MAX_NUM_FORMS": "1000",
        }
    )
    with django_capture_on_commit_callbacks(execute=True):
        saved = client.post(change, data)
    assert saved.status_code == 302, saved.content.decode()[:2000]
    page = visitor.get(url)
    assert status(page) == "miss"
    assert "Yenilənmiş plan adı" in page.content.decode()


def test_a_submission_updates_the_public_reporting_figures(
    client, period, staff_a, agency_a, django_capture_on_commit_callbacks
):
    """Handed in and on time count submitted reports before any is published."""
    url = f"/api/v1/periods/{period.pk}/compliance/"

    def handed_in() -> int:
        rows = client.get(url).json()
        return next(row["handed_in"] for row in rows if row["agency"] == agency_a.slug)

    before = handed_in()
    assert status(client.get(url)) == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        report = services.save_report(
            user=staff_a,
            measure=Measure.objects.get(plan__slug=OPEN_GOV, number="1.9"),
            agency=agency_a,
            period=period,
            works_done=TEXT,
        )
        services.submit_report(report=report, user=staff_a)
    assert handed_in() == before + 1


def test_cached_api_answers_are_still_throttled(seeded, monkeypatch):
    from rest_framework.throttling import AnonRateThrottle

    monkeypatch.setitem(AnonRateThrottle.THROTTLE_RATES, "anon", "3/minute")
    api = DjangoClient()
    answers = [api.get("/api/v1/agency-categories/") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert [status(a) for a in answers[:3]] == ["miss", "hit", "hit"]


def test_a_plan_amendment_and_a_restart_count_as_publications(
    seeded, django_capture_on_commit_callbacks
):
    from datetime import date

    from operations.publication import restart_after
    from plans.amendments import LegalBasis, change, record

    plan = seeded[ANTI_CORRUPTION]
    before = version()
    with django_capture_on_commit_callbacks(execute=True):
        record(
            plan,
            [change("1.1", "executors", "Executors", "A", "B")],
            user=None,
            basis=LegalBasis(number="123", date=date(2024, 1, 1), reason="Fərman"),
        )
    assert version() == before + 1
    # A restore from an older backup never brings back a number cached pages were built on.
    restart_after(before + 10)
    assert version() == before + 11
