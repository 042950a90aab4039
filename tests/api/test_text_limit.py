"""The report text's length limit holds in the submission API as on the web (issue 12,
item 7): 400 on works_done, nothing saved."""

import pytest

from reports.models import ProgressReport

pytestmark = pytest.mark.django_db

URL = "/api/v1/workspace/reports/"


def test_a_text_above_the_limit_is_400_on_works_done_in_the_api_and_nothing_is_saved(
    api_a, settings, period, measure_19, draft_a
):
    settings.REPORT_TEXT_MAX_LENGTH = 50
    response = api_a.post(
        URL,
        {"measure": measure_19.pk, "period": period.pk, "works_done": "x" * 51},
        format="json",
    )
    assert response.status_code == 409  # draft_a already exists: the conflict comes first
    response = api_a.patch(
        f"{URL}{draft_a.pk}/", {"works_done": "x" * 51}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 400
    assert list(response.json()) == ["works_done"]
    message = response.json()["works_done"][0]
    assert "50" in message and "51" in message  # the limit and the length, in any language
    draft_a.refresh_from_db()
    assert draft_a.version == 1 and "x" * 51 not in draft_a.works_done


def test_a_new_report_above_the_limit_is_400_in_the_api(api_a, settings, period, measure_19):
    settings.REPORT_TEXT_MAX_LENGTH = 50
    response = api_a.post(
        URL,
        {"measure": measure_19.pk, "period": period.pk, "works_done": "x" * 51},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["works_done"]
    assert not ProgressReport.objects.filter(measure=measure_19, period=period).exists()
