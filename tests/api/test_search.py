"""The API's q finds exactly what the board's search finds."""

import pytest

from plans.search import search_measures
from public.selectors import public_measures

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", ["ƏDLİYYƏ", "edliyye", "korrupsiya", "Ədliyyə nazirliyi"])
def test_api_search_finds_the_same_measures_as_the_board(api, seeded, query):
    board = set(search_measures(public_measures(), query).values_list("id", flat=True))
    response = api.get("/api/v1/measures/", {"q": query, "page_size": 500})
    assert response.status_code == 200
    found = {measure["id"] for measure in response.json()["results"]}
    assert found == board
    assert len(found) > 3


def test_the_three_spellings_find_the_same_measures(api, seeded):
    def ids(query):
        results = api.get("/api/v1/measures/", {"q": query, "page_size": 500}).json()["results"]
        return {measure["id"] for measure in results}

    assert ids("ƏDLİYYƏ") == ids("edliyye") == ids("ədliyyə")
