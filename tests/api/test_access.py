"""Every API URL that takes an id or slug, for anonymous visitors and another agency's token.

Public endpoints serve only public objects; the one kind of private object, a report not yet
published, answers 404 on every endpoint to everyone but its own agency, exactly like an id
that does not exist. A new API pattern that takes an id fails until it is listed here.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

MISSING = 987654321

# name: (kwarg, whose object) — "report" is agency A's unpublished draft.
API_MATRIX = {
    "api:plan-detail": "public",
    "api:plan-dump": "public",
    "api:priority-detail": "public",
    "api:measure-detail": "public",
    "api:agency-category-detail": "public",
    "api:agency-detail": "public",
    "api:period-detail": "public",
    "api:period-compliance": "public",
    # Civil society: a draft assessment answers like a missing one (tests/civic/test_api.py).
    "api:organisation-detail": "public",
    "api:activity-detail": "public",
    "api:assessment-detail": "public",
    "api:reply-detail": "public",
    "api:report-detail": "report",
    "api:workspace-report-detail": "report",
    "api:workspace-report-submit": "report",
}


def api_patterns():
    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = pattern.namespace or namespace
                yield from walk(pattern.url_patterns, ns)
            elif isinstance(pattern, URLPattern) and namespace == "api":
                if pattern.pattern.regex.groups:
                    yield f"api:{pattern.name}"

    return set(walk(get_resolver().url_patterns))


def test_every_api_pattern_with_an_id_is_in_the_matrix():
    assert api_patterns() == set(API_MATRIX)


@pytest.mark.parametrize("who", ["api", "api_b"])
@pytest.mark.parametrize("name", sorted(n for n, kind in API_MATRIX.items() if kind == "report"))
def test_unpublished_report_is_404_like_a_missing_one(request, who, name, draft_a):
    client = request.getfixturevalue(who)
    method = "post" if name.endswith("submit") else "get"
    theirs = getattr(client, method)(reverse(name, args=[draft_a.pk]), HTTP_IF_MATCH='"1"')
    missing = getattr(client, method)(reverse(name, args=[MISSING]), HTTP_IF_MATCH='"1"')
    expected = 401 if who == "api" and "workspace" in name else 404
    assert theirs.status_code == missing.status_code == expected
    assert theirs.content == missing.content
    draft_a.refresh_from_db()
    assert draft_a.state == "draft" and draft_a.version == 1


@pytest.mark.parametrize("name", sorted(n for n, kind in API_MATRIX.items() if kind == "public"))
def test_public_detail_of_a_missing_object_is_a_json_404(api, seeded, name):
    response = api.get(reverse(name, args=["no-such-thing"]))
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
