"""Evidence is public or internal: internal evidence never reaches the public (measure page,
``/evidence/<id>/``, exports, the open-data API), while owners and the secretariat keep it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reports import services
from reports.models import Evidence
from reports.visibility import is_public_evidence, public_evidence
from tests.conftest import OPEN_GOV
from tests.reports.conftest import advance

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PUBLIC_TITLE = "AÇIQ-protokol-5e1c"
INTERNAL_TITLE = "DAXİLİ-iştirakçı-siyahısı-9b7d"


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.fixture
def evidence_pair(draft_b, staff_b, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    public = services.add_evidence(
        report=draft_b,
        user=staff_b,
        title=PUBLIC_TITLE,
        file=SimpleUploadedFile("protokol.png", PNG),
    )
    internal = services.add_evidence(
        report=draft_b,
        user=staff_b,
        title=INTERNAL_TITLE,
        file=SimpleUploadedFile("siyahi.png", PNG),
        is_public=False,
    )
    link = services.add_evidence(
        report=draft_b,
        user=staff_b,
        title=INTERNAL_TITLE + "-link",
        url="https://samux.gov.az/daxili",
        is_public=False,
    )
    return public, internal, link


@pytest.fixture
def published(draft_b, evidence_pair, staff_b, secretariat_user):
    report = advance(draft_b, "accepted", owner=staff_b, secretariat=secretariat_user)
    services.publish_period(period=report.period, user=secretariat_user)
    return report


def test_evidence_from_before_the_choice_stays_public(draft_b, staff_b):
    evidence = services.add_evidence(report=draft_b, user=staff_b, url="https://a.az")
    assert evidence.is_public
    assert Evidence._meta.get_field("is_public").default is True


def test_internal_evidence_is_absent_from_the_measure_page(client, published, evidence_pair):
    public, internal, _link = evidence_pair
    page = client.get(published.measure.get_absolute_url()).content.decode()
    assert PUBLIC_TITLE in page
    assert reverse("published_evidence", args=[public.pk]) in page
    assert INTERNAL_TITLE not in page
    assert "samux.gov.az/daxili" not in page
    assert reverse("published_evidence", args=[internal.pk]) not in page


def test_the_public_downloads_public_evidence_and_gets_404_for_internal(
    client, published, evidence_pair
):
    public, internal, _link = evidence_pair
    assert body(client.get(reverse("published_evidence", args=[public.pk]))) == PNG
    assert client.get(reverse("published_evidence", args=[internal.pk])).status_code == 404


def test_the_rule_is_one_rule(published, evidence_pair):
    public, internal, link = (
        Evidence.objects.select_related("report__period__plan").get(pk=e.pk) for e in evidence_pair
    )
    assert list(public_evidence().filter(report=published)) == [public]
    assert is_public_evidence(public)
    assert not is_public_evidence(internal) and not is_public_evidence(link)


def test_owners_and_the_secretariat_still_see_internal_evidence(
    client, published, evidence_pair, staff_b, secretariat_user
):
    _public, internal, _link = evidence_pair
    url = reverse("reports:evidence_file", args=[published.pk, internal.pk])
    for user in (staff_b, secretariat_user):
        client.force_login(user)
        assert body(client.get(url)) == PNG
        detail = client.get(reverse("reports:detail", args=[published.pk])).content.decode()
        assert INTERNAL_TITLE in detail


def test_internal_evidence_is_absent_from_exports_and_the_api(client, published):
    year, agency = published.period.year, published.agency.slug
    urls = [
        reverse("plans:board-export", args=[OPEN_GOV, "csv"]) + f"?year={year}",
        reverse("plans:board-export", args=[OPEN_GOV, "xlsx"]) + f"?year={year}",
        reverse("plans:report-download", args=[OPEN_GOV, year, "csv"]),
        reverse("plans:report-download", args=[OPEN_GOV, year, "xlsx"]),
        reverse("plans:report-download", args=[OPEN_GOV, year, "docx"]),
        reverse("agencies:report-download", args=[agency, OPEN_GOV, year, "docx"]),
        f"/api/v1/reports/?agency={agency}",
        f"/api/v1/reports/?agency={agency}&format=csv",
        f"/api/v1/measures/{published.measure_id}/",
        f"/api/v1/reports/{published.pk}/",
    ]
    served = 0
    for url in urls:
        response = client.get(url)
        if response.status_code != 200:
            continue
        served += 1
        content = body(response)
        for needle in (INTERNAL_TITLE, "samux.gov.az/daxili", "siyahi"):
            assert needle.encode() not in content, (url, needle)
    assert served >= 6


def test_the_publish_step_lists_what_becomes_public(
    client, draft_b, evidence_pair, staff_b, secretariat_user, english
):
    report = advance(draft_b, "accepted", owner=staff_b, secretariat=secretariat_user)
    client.force_login(secretariat_user)
    detail = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    confirm = detail[detail.index('<details class="confirm-step">') :]
    confirm = confirm[: confirm.index("</details>")]
    becomes, stays = confirm.split("These stay internal")
    assert PUBLIC_TITLE in becomes and INTERNAL_TITLE not in becomes
    assert INTERNAL_TITLE in stays
    page = client.get(reverse("reports:publish_period", args=[report.period_id]))
    html = page.content.decode()
    assert page.status_code == 200 and report.measure.number in html
    assert PUBLIC_TITLE in html and "Stay internal" in html
    report.refresh_from_db()
    assert report.state == "accepted"  # asking changed nothing
    client.post(reverse("reports:publish_period", args=[report.period_id]))
    report.refresh_from_db()
    assert report.state == "published"


def test_only_the_secretariat_sees_the_period_publish_step(client, period, staff_b):
    client.force_login(staff_b)
    assert client.get(reverse("reports:publish_period", args=[period.pk])).status_code == 404
