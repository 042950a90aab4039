"""Unpublished text never reaches a public page, search, feed, API or download.

Canary strings sit in reports in every unpublished state (and in an internal comment and an
evidence title); a crawler then walks every public page it can find from the home page,
plus every measure and agency page and the search, feed and API entry points that exist,
and reads every download (CSV, JSON, Excel, Word and PDF text included).
"""

import io
import re
import zipfile
from collections import Counter
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import reverse

from agencies.models import Agency
from civic import services as civic_services
from civic.models import Organisation, OrganisationMembership
from plans.models import Measure, Plan
from reports import services
from tests.factories import UserFactory
from tests.reports.conftest import CANARY, advance

# The crawl reads through the public cache, as anonymous visitors do (public/page_cache.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "public_cache")]
DOCUMENTS = (".pdf", ".xlsx", ".docx", ".csv")

PUBLISHED_CONTROL = "NƏŞR-EDİLMİŞ-nəzarət-mətni"
PRIVATE_PREFIXES = ("/admin/", "/workspace/", "/accounts/", "/i18n/", "/static/")
MAX_PAGES = 1500
MAX_QUERY_VARIANTS = 6
HREF = re.compile(r"""(?:href|src|action)=["']([^"'#]+)""")


@pytest.fixture
def canaries(
    period, seeded, staff_a, staff_b, agency_a, agency_b, secretariat_user, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    measures = {o.measure.number: o.measure for o in _obligations(period, agency_a)}
    states = ["draft", "submitted", "returned", "accepted"]
    reports = []
    for state, number in zip(states, ["1.2", "1.4", "1.6", "1.9"], strict=True):
        report = services.save_report(
            measure=measures[number],
            agency=agency_a,
            period=period,
            user=staff_a,
            works_done=f"{state}: {CANARY}",
            status="in_progress",
        )
        services.add_evidence(
            report=report, user=staff_a, url="https://example.az/x", title=f"evidence {CANARY}"
        )
        reports.append(advance(report, state, owner=staff_a, secretariat=secretariat_user))
    returned = reports[2]
    returned.refresh_from_db()
    assert returned.state == "returned"
    services.save_report(
        report=returned,
        user=staff_a,
        works_done=f"fixed {CANARY}",
        expected_version=returned.version,
    )
    # Samux publishes one report; a control that the crawler does read published text.
    published = services.save_report(
        measure=Measure.objects.get(plan=period.plan, number="4.1"),
        agency=agency_b,
        period=period,
        user=staff_b,
        works_done=PUBLISHED_CONTROL,
    )
    advance(published, "published", owner=staff_b, secretariat=secretariat_user)
    # A draft on a published period's measure too: publishing a period must not leak drafts.
    draft = services.save_report(
        measure=measures["3.4"],
        agency=agency_a,
        period=period,
        user=staff_a,
        works_done=f"late draft {CANARY}",
    )
    civic_canaries(agency_a, secretariat_user)
    return {"period": period, "draft": draft}


def civic_canaries(agency_a, secretariat_user) -> None:
    """A civil-society draft, and a published assessment the secretariat hid: neither text
    may reach a public page, feed, export or the API (the hiding reason may)."""
    organisation = Organisation.objects.create(name="Canary QHT", slug="canary-qht")
    member = UserFactory(username="canary_member")
    OrganisationMembership.objects.create(user=member, organisation=organisation)
    measure = Measure.objects.get(plan__slug="anti-corruption-2022-2026", number="6.8")
    values = {
        "user": member,
        "organisation": organisation,
        "measure": measure,
        "completion": "limited",
        "opened_government": "marginal",
    }
    civic_services.save_assessment(year=2023, text=f"civic draft {CANARY}", **values)
    hidden = civic_services.publish_assessment(
        user=member,
        assessment=civic_services.save_assessment(
            year=2022, text=f"civic hidden {CANARY}", **values
        ),
    )
    civic_services.hide_assessment(user=secretariat_user, assessment=hidden, reason="Gizlədilib.")


def _obligations(period, agency):
    from reports.obligations import obligations_for_period

    return obligations_for_period(period, [agency])


def public_seeds() -> list[str]:
    # Queries use a word of the canary, never the canary itself: pages echo their query.
    urls = [
        "/",
        "/agencies/",
        "/search/?q=kanareyka",
        "/search/?q=unpublished",
        "/api/v1/",
        "/api/v1/reports/",
        "/feeds/",
        "/feed/",
        "/rss/",
        # The footer's pages.
        "/about/",
        "/contact/",
        "/accessibility/",
        "/privacy/",
        "/open-data/",
        "/civil-society/",
        "/api/v1/civil-society/assessments/",
        "/api/v1/civil-society/activities/",
        "/api/v1/civil-society/assessments/?format=csv",
        "/api/v1/civil-society/replies/?format=csv",
    ]
    for plan in Plan.objects.all():
        urls += [
            plan.get_absolute_url(),
            f"{plan.get_absolute_url()}?q=unpublished",
            f"{plan.get_absolute_url()}?q=kanareyka&year=2021",
            f"{plan.get_absolute_url()}amendments/",
        ]
        urls += [f"{plan.get_absolute_url()}export.{ext}" for ext in ("csv", "xlsx", "pdf")]
        urls += [f"{plan.get_absolute_url()}widget/", f"{plan.get_absolute_url()}badge.svg"]
        urls += [f"{plan.get_absolute_url()}reports/2021.{ext}" for ext in ("pdf", "xlsx", "csv")]
    urls += [m.get_absolute_url() for m in Measure.objects.select_related("plan")]
    for agency in Agency.objects.active():
        urls.append(agency.get_absolute_url())
        urls += [f"{agency.get_absolute_url()}{page}" for page in ("scorecard/", "widget/")]
        urls.append(f"{agency.get_absolute_url()}badge.svg")
        for plan in Plan.objects.all():
            urls.append(f"/agencies/{agency.slug}/reports/{plan.slug}/2021.pdf")
    return urls


def readable_text(response) -> str:
    """The response as text, looking inside Office files and PDFs."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return "\n".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    if body[:5] == b"%PDF-":
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(body)).pages)
    return body.decode("utf-8", "replace")


def crawl(client) -> dict[str, str]:
    """Every reachable public URL and its text."""
    seen: dict[str, str] = {}
    variants: Counter = Counter()
    queue = public_seeds()
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        path = urlsplit(url)
        if path.netloc and path.netloc not in {"testserver"}:
            continue
        url = path.path + (f"?{path.query}" if path.query else "")
        if url in seen or url.startswith(PRIVATE_PREFIXES):
            continue
        # Every filter combination of a board is the same data sliced again: a few of each
        # page's query variants (the seeds' own queries first) are enough and keep this fast.
        if path.query and variants[path.path] >= MAX_QUERY_VARIANTS:
            continue
        variants[path.path] += bool(path.query)
        response = client.get(url)
        if response.status_code in (301, 302):
            queue.append(response["Location"])
            seen[url] = ""
            continue
        if response.status_code != 200:
            seen[url] = ""
            continue
        text = readable_text(response)
        seen[url] = text
        if "html" in response.get("Content-Type", "") or "json" in response.get("Content-Type", ""):
            for link in HREF.findall(text) + re.findall(r'"(https?://testserver[^"]+)"', text):
                queue.append(urljoin(url, link.replace("&amp;", "&")))
    return seen


def test_unpublished_text_never_appears_on_public_pages(client, canaries):
    pages = crawl(client)
    read = {url: text for url, text in pages.items() if text}
    # The crawl reached the pages that matter, and did read published text.
    plan = canaries["period"].plan
    assert "/" in read and plan.get_absolute_url() in read
    assert Measure.objects.get(plan=plan, number="1.9").get_absolute_url() in read
    assert "/agencies/edliyye-nazirliyi/" in read
    # The scorecard, the widgets and the badges are public pages the crawl reads too.
    for url in [
        "/agencies/edliyye-nazirliyi/scorecard/",
        "/agencies/edliyye-nazirliyi/widget/",
        "/agencies/edliyye-nazirliyi/badge.svg",
        f"{plan.get_absolute_url()}widget/",
        f"{plan.get_absolute_url()}badge.svg",
        "/about/",
        "/feeds/",
    ]:
        assert url in read, url
    assert "/civil-society/canary-qht/" in read and "/civil-society/canary-qht/feed/" in read
    assert "Gizlədilib." in read["/civil-society/canary-qht/"]
    assert any(PUBLISHED_CONTROL in text for text in read.values())
    assert len(read) > 150
    leaks = [url for url, text in read.items() if CANARY in text or "Fix the dates." in text]
    assert not leaks, f"unpublished text on public pages: {leaks}"
    # Read again: the pages, feeds and API answers now come from the cache, with the same text.
    again = {url: client.get(url) for url in read if not urlsplit(url).path.endswith(DOCUMENTS)}
    hits = [url for url, response in again.items() if response.get("X-Public-Cache") == "hit"]
    assert len(hits) > 150
    assert all(readable_text(again[url]) == read[url] for url in hits)


def test_staff_of_another_agency_never_sees_the_drafts_either(client, canaries, staff_b):
    client.force_login(staff_b)
    for url in [
        reverse("reports:workspace"),
        reverse("reports:detail", args=[canaries["draft"].pk]),
    ]:
        response = client.get(url)
        assert CANARY not in response.content.decode()
