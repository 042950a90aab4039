"""Evidence files of published reports are public downloads; others stay private."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reports import services
from tests.reports.conftest import advance

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def evidence(draft_a, staff_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return services.add_evidence(
        report=draft_a,
        user=staff_a,
        title="Təlimin protokolu",
        file=SimpleUploadedFile("protokol.png", PNG),
    )


def test_a_citizen_downloads_the_evidence_of_a_published_report(
    client, draft_a, evidence, staff_a, secretariat_user
):
    url = reverse("published_evidence", args=[evidence.pk])
    assert client.get(url).status_code == 404  # still a draft
    advance(draft_a, "published", owner=staff_a, secretariat=secretariat_user)
    page = client.get(draft_a.measure.get_absolute_url()).content.decode()
    assert f'href="{url}"' in page and "Təlimin protokolu" in page
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    assert response["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize("state", ["submitted", "returned", "accepted"])
def test_evidence_of_an_unpublished_report_is_missing_for_the_public(
    client, draft_a, evidence, staff_a, secretariat_user, state
):
    advance(draft_a, state, owner=staff_a, secretariat=secretariat_user)
    assert client.get(reverse("published_evidence", args=[evidence.pk])).status_code == 404


def test_an_unknown_evidence_id_is_404(client, seeded):
    assert client.get(reverse("published_evidence", args=[987654321])).status_code == 404
