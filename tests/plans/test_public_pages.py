"""The two plain public pages show the imported data."""

import pytest
from django.urls import reverse

from tests.conftest import ANTI_CORRUPTION, OPEN_GOV

pytestmark = pytest.mark.django_db


def test_home_lists_both_plans_with_counts(client, seeded):
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert seeded[OPEN_GOV].title in page
    assert seeded[ANTI_CORRUPTION].title in page
    assert '<html lang="az">' in page
    assert "Milli Fəaliyyət Planları" in page  # the UI speaks Azerbaijani by default


def test_board_lists_priorities_and_measures_with_executors_by_role(client, seeded):
    page = client.get(reverse("plans:board", args=[OPEN_GOV])).content.decode()
    assert "Korrupsiyanın qarşısının alınması" in page
    assert "2.10" in page and page.index(">2.9<") < page.index(">2.10<")
    assert "Mərkəzi icra hakimiyyəti orqanları" in page
    assert "2020–2022" in page


def test_unknown_plan_is_404(client, seeded):
    assert client.get("/plans/no-such-plan/").status_code == 404


def test_measure_page_shows_published_statements(client, seeded):
    page = client.get(reverse("plans:measure", args=[ANTI_CORRUPTION, "2.1"])).content.decode()
    assert "Həmçinin “Məhkəmələr və hakimlər haqqında”" in page
    assert "Ədliyyə Nazirliyi" in page


def test_english_is_one_switch_away(client, seeded):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get("/").content.decode()
    assert '<html lang="en">' in page
    assert "National Action Plans" in page


@pytest.mark.parametrize("path", ["/", f"/plans/{OPEN_GOV}/", f"/plans/{ANTI_CORRUPTION}/"])
def test_pages_run_a_fixed_number_of_queries(client, seeded, django_assert_max_num_queries, path):
    # The home page reads the plans' records (reports.obligations): 9, with the deadline
    # extensions' one query; the board reads its year's record for the reporting coverage:
    # 16 with the roll-up and numeric indicators (tests/plans/test_query_counts.py counts exactly).
    with django_assert_max_num_queries(10 if path == "/" else 16):
        client.get(path)


def test_pages_stay_azerbaijani_whatever_the_browser_prefers(client, seeded):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9,ru;q=0.8").content.decode()
    assert '<html lang="az">' in page
    assert "Milli Fəaliyyət Planları" in page


def test_the_switch_choice_is_remembered(client, seeded):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert '<html lang="en">' in client.get(reverse("agencies:list")).content.decode()
    client.post(reverse("set_language"), {"language": "az", "next": "/"})
    assert '<html lang="az">' in client.get(reverse("agencies:list")).content.decode()
