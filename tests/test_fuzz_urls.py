"""Hostile input on every URL pattern never gives a server error.

The URL resolver is walked; every pattern's parameters are filled with hostile values (NUL
bytes, 25-digit numbers, 3,000 characters, invalid UTF-8, path tricks) and every URL is asked
with hostile query strings (a 50,000-character ``q``, NUL bytes, huge page numbers) and
headers (an If-Match of 4,300 digits), by an anonymous visitor, agency staff and a superuser
who passed the second factor. Not one answer may be 5xx. Runs on SQLite and PostgreSQL.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import enroll_authenticator
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# Already percent-encoded, as a client would send them.
PATH_VALUES = [
    "9" * 25,
    "a%00b",
    "%C9%99%C4%B0%C4%9F",
    "x" * 3000,
    "..%2F..%2Fetc%2Fpasswd",
    "%FF%FE%27%20OR%201%3D1--",
]
QUERY_STRINGS = [
    "q=" + "a" * 50_000,
    "q=" + "%C9%99" * 999 + "&next=https%3A%2F%2Fevil.example%2F&language=xx",
    "q=%00&page=%00",
    "page=99999999999999999999999&page_size=99999999999&year=99999999999999999999"
    "&priority=-1&agency=%C9%99&measure=1e400&role=x&status=x&format=xml&cursor=%FF%FF"
    "&ordering=-zzz&number=" + "9" * 900,
]
HEADERS = [
    {"HTTP_IF_MATCH": "1" * 4300, "HTTP_IF_NONE_MATCH": '"' + "1" * 4300 + '"'},
    {
        "HTTP_IF_MODIFIED_SINCE": "Mon, 99 Foo 99999 99:99:99 GMT",
        "HTTP_ACCEPT_LANGUAGE": "az;q=" + "9" * 500,
        "HTTP_AUTHORIZATION": "Token " + "f" * 5000,
    },
    {"HTTP_COOKIE": "sessionid=abc\x00def; django_language=az\x00", "HTTP_IF_MATCH": 'W/"x", *'},
]
FORM = {
    "q": "ə" * 5000,
    "username": "katib\x00",
    "password": "x" * 5000,
    "email": "a\x00@example.az",
    "code": "1" * 4300,
    "name": "\x00",
    "days": "9" * 5000,
    "works_done": "\x00" * 10,
    "status": "\x00",
    "comment": "x\x00",
    "expected_version": "9" * 4300,
    "language": "x" * 500,
    "next": "//evil.example",
}

PARAMETER = re.compile(r"<(?:\w+:)?\w+>|\(\?P<\w+>[^()]*\)|\([^()]*\)")


def walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def routes() -> list[str]:
    return sorted(set(walk(get_resolver().url_patterns)))


def fill(route: str, value: str) -> str:
    path = PARAMETER.sub(lambda _: value, route)
    path = path.replace("^", "").replace("$", "").replace("\\.", ".").replace("?", "")
    return "/" + path


def fills(route: str) -> list[str]:
    if not PARAMETER.search(route):
        return [fill(route, "")]
    return [fill(route, value) for value in PATH_VALUES]


@pytest.fixture
def personas(client, staff_a):
    superuser = UserFactory(username="fuzz_root", is_staff=True, is_superuser=True)
    enroll_authenticator(superuser)
    return {"anonymous": None, "staff_a": staff_a, "superuser": superuser}


def log_in(client, user) -> None:
    client.logout()
    if user is not None:
        client.force_login(user)


@pytest.mark.parametrize("route", routes())
def test_hostile_input_never_gives_a_server_error(client, personas, route, settings):
    settings.AXES_ENABLED = False  # the lockout is tested elsewhere; here it would hide views
    failures = []
    admin = route.startswith("admin/")
    # The admin's ~140 patterns share a few views: fewer values each, for the superuser only.
    names = ["superuser"] if admin else list(personas)
    queries, headers_tried = (QUERY_STRINGS[2:], HEADERS[:1]) if admin else (QUERY_STRINGS, HEADERS)
    for name in names:
        log_in(client, personas[name])
        paths = fills(route)[:3] if admin else fills(route)
        asked = [(path, "", {}) for path in paths]
        asked += [(paths[0], query, {}) for query in queries]
        asked += [(paths[0], "", headers) for headers in headers_tried]
        for path, query, headers in asked:
            url = f"{path}?{query}" if query else path
            status = client.get(url, **headers).status_code
            if status >= 500:
                failures.append(f"{name} GET {url[:120]} {list(headers)}: {status}")
        if "logout" in route:
            continue
        for path in paths[: 1 if admin else 2]:
            status = client.post(path, FORM).status_code
            if status >= 500:
                failures.append(f"{name} POST {path[:120]}: {status}")
            log_in(client, personas[name])
    assert failures == []
