"""Every URL pattern that takes an object id, for every persona.

Agency B gets exactly the answer for A's objects that it gets for ids that do not exist
(404, same page); anonymous visitors are sent to the login page (unless an entry states
otherwise, as a public or token-only API would); a URL pattern that takes an id and has no
entry here fails ``test_every_pattern_with_an_object_id_has_a_matrix_entry``.

To add a pattern: name the objects of agency A its URL takes (keys of the ``objects``
fixture, in the pattern's argument order), the method, and the status each persona gets.
Guarded pages without an id (the secretariat's audit trail) may be listed with ``()``.
"""

import re
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter

from accounts.services import issue_token
from civic import services as civic_services
from civic.models import Organisation, OrganisationMembership
from plans.models import Measure
from reports import services
from tests.conftest import ANTI_CORRUPTION, OPEN_GOV
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

MISSING = 987654321
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

ID_NAMES = {"pk", "id", "object_id"}
# Whole numbers in URLs that are values, not database ids.
PUBLIC_NUMBERS = {"year"}


def walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, prefix + str(pattern.pattern), pattern.pattern


def is_id_name(name: str) -> bool:
    return name in ID_NAMES or name.endswith(("_pk", "_id"))


def takes_object_id(pattern) -> bool:
    """An int argument, an argument named like an id, or an unnamed regex group (the history
    admin's "^([^/]+)/history/([^/]+)/$"). Slugs, measure numbers and years are public names,
    not ids: the pages they name are public and the canary crawl reads them."""
    converters = getattr(pattern, "converters", {}) or {}
    if converters:
        return any(
            isinstance(c, IntConverter) and n not in PUBLIC_NUMBERS for n, c in converters.items()
        ) or any(is_id_name(n) for n in converters)
    regex = re.compile(str(pattern.regex.pattern))
    return regex.groups > len(regex.groupindex) or any(is_id_name(n) for n in regex.groupindex)


def id_patterns():
    return [
        (name, route) for name, route, p in walk(get_resolver().url_patterns) if takes_object_id(p)
    ]


@dataclass(frozen=True)
class Entry:
    """``kwargs`` names objects of agency A; ``expect`` maps persona to status code.

    ``anonymous``: None means "redirected to the login page", else the status expected.
    ``auth``: "session" (logged in through the site) or "token" (an API token header).
    """

    kwargs: tuple[str, ...]
    method: str
    expect: dict
    anonymous: int | None = None
    auth: str = "session"


R = 302


def entry(
    kwargs: tuple[str, ...],
    method: str,
    staff_a: int,
    staff_b: int,
    secretariat: int,
    *,
    anonymous: int | None = None,
    auth: str = "session",
):
    expect = {"staff_a": staff_a, "staff_b": staff_b, "secretariat": secretariat}
    return Entry(kwargs, method, expect, anonymous, auth)


REPORT, EVIDENCE, PERIOD = ("report",), ("report", "evidence"), ("period",)
MATRIX = {
    # name: entry(objects of agency A, method, staff_a, staff_b, secretariat)
    "reports:start": entry(("period", "measure_unreported", "agency_a"), "get", 200, 404, 404),
    # The signature of agency A's report for the period: its staff only.
    "reports:signature": entry(("period", "agency_a"), "get", 200, 404, 404),
    "reports:detail": entry(REPORT, "get", 200, 404, 200),
    "reports:edit": entry(REPORT, "get", 200, 404, 404),
    "reports:submit": entry(REPORT, "post", R, 404, 404),
    "reports:history": entry(REPORT, "get", 200, 404, 200),
    # An empty message: the page comes back with the error at the field.
    "reports:clarify": entry(REPORT, "post", 200, 404, 200),
    "reports:add_evidence": entry(REPORT, "post", R, 404, 404),
    "reports:evidence_file": entry(EVIDENCE, "get", 200, 404, 200),
    "reports:remove_evidence": entry(EVIDENCE, "post", R, 404, 404),
    "reports:accept": entry(REPORT, "post", 404, 404, R),
    "reports:return": entry(REPORT, "get", 404, 404, 200),
    "reports:publish": entry(REPORT, "post", 404, 404, R),
    "reports:correct": entry(REPORT, "get", 404, 404, 200),
    "reports:publish_period": entry(PERIOD, "post", 404, 404, R),
    "reports:compliance": entry(PERIOD, "get", 404, 404, 200),
    "reports:compliance_csv": entry(PERIOD, "get", 404, 404, 200),
    "reports:extend_deadline": entry(PERIOD, "post", 404, 404, 200),
    # The public download of published evidence: a draft's evidence is missing for everyone.
    "published_evidence": entry(("evidence",), "get", 404, 404, 404, anonymous=404),
    # Secretariat pages without an object id: agency staff get the page-not-found answer.
    "reports:audit": entry((), "get", 404, 404, 200),
    "reports:audit_csv": entry((), "get", 404, 404, 200),
    "reports:tasks": entry((), "get", 404, 404, 200),
    "reports:translations": entry((), "get", 404, 404, 200),
    # Bulk accept or publish: nothing chosen sends the secretariat back to the queue.
    "reports:bulk_review": entry((), "get", 404, 404, R),
    # Plan import: the secretariat's; an upload opens only for the officer who made it.
    "reports:intake": entry((), "get", 404, 404, 200),
    "reports:intake_template": entry(("fmt",), "get", 404, 404, 200),
    "reports:intake_export": entry(("plan_slug", "fmt"), "get", 404, 404, 200),
    "reports:intake_upload": entry(("upload",), "get", 404, 404, 200),
    # Nothing chosen: the preview comes back with the error at the name.
    "reports:intake_map_name": entry(("upload",), "post", 404, 404, 200),
    # No legal basis for a plan in force: the preview comes back with the error at the field.
    "reports:intake_confirm": entry(("upload",), "post", 404, 404, 200),
    # Agency A's API token: its owner and the secretariat may revoke it.
    "accounts:revoke_token": entry(("token",), "post", R, 404, R),
    # Civil society (tests/civic/test_access.py has the organisations' own personas): an
    # organisation's draft is nobody else's; agency A executes the assessed measure, B not.
    "civic:workspace": entry((), "get", 200, 200, 200),
    "civic:assessment-new": entry((), "get", 404, 404, 404),
    "civic:assessment": entry(("assessment_draft",), "get", 404, 404, 404),
    "civic:assessment-publish": entry(("assessment_draft",), "post", 404, 404, 404),
    "civic:assessment-reply": entry(("assessment",), "get", 200, 404, 404),
    "civic:assessment-hide": entry(("assessment",), "get", 404, 404, 200),
    "civic:reply-answer": entry(("reply",), "get", 404, 404, 404),
    "civic:reply-window": entry((), "get", 404, 404, 200),
    # A draft assessment's file is missing for everyone, the public included.
    "civil-society:file": entry(("civic_file",), "get", 404, 404, 404, anonymous=404),
}
NOT_FOUND_URL = "/workspace/no-such-page/"
# The admin guards itself (is_staff, then model permissions); agency staff are never staff.
ADMIN_NAMESPACE = "admin"
# The API answers in JSON with its own rules (token, 401 not a login redirect): its matrix is
# tests/api/test_access.py.
API_NAMESPACE = "api"
PERSONAS = ["anonymous", "staff_a", "staff_b", "secretariat"]


def test_every_pattern_with_an_object_id_has_a_matrix_entry():
    missing = [
        f"{name} ({route})"
        for name, route in id_patterns()
        if name not in MATRIX
        and not (name or "").startswith((ADMIN_NAMESPACE + ":", API_NAMESPACE + ":"))
    ]
    assert not missing, f"URL patterns taking an object id without a permission entry: {missing}"
    stale = set(MATRIX) - {name for name, _route, _p in walk(get_resolver().url_patterns)}
    assert not stale, f"matrix entries for patterns that no longer exist: {stale}"


@pytest.fixture
def objects(draft_a, staff_a, agency_a, period, settings, tmp_path, secretariat_user):
    settings.MEDIA_ROOT = tmp_path
    evidence = services.add_evidence(
        report=draft_a, user=staff_a, file=SimpleUploadedFile("scan.png", PNG)
    )
    unreported = Measure.objects.get(plan__slug=OPEN_GOV, number="1.2")
    civic = civic_objects(staff_a, agency_a)
    return {
        **civic,
        "report": draft_a.pk,
        "evidence": evidence.pk,
        "period": period.pk,
        "measure_unreported": unreported.pk,
        "priority": unreported.priority_id,
        "agency_a": agency_a.pk,
        "token": issue_token(user=staff_a)[0].pk,
        "fmt": "xlsx",
        "plan_slug": OPEN_GOV,
        "upload": _previewed_upload(secretariat_user),
    }


def _previewed_upload(user):
    """A small upload for a plan in force with no reports yet (nothing the file would remove
    is refused), previewed: confirming it without a legal basis re-renders the form."""
    from reports.plan_intake import compute_preview, create_upload
    from tests.factories import PlanFactory

    plan = PlanFactory(status="active")
    content = "Nömrə,Ad\n1,Prioritet\n".encode()
    upload = create_upload(user=user, name="plan.csv", content=content, plan=plan)
    compute_preview(upload)
    return str(upload.token)


def civic_objects(staff_a, agency_a) -> dict:
    """A draft (with a file) and a published assessment of anti-corruption 6.8, which agency
    A alone executes, and agency A's reply to the published one."""
    organisation = Organisation.objects.create(name="QHT", slug="qht")
    member = UserFactory(username="qht_member")
    OrganisationMembership.objects.create(user=member, organisation=organisation)
    measure = Measure.objects.get(plan__slug=ANTI_CORRUPTION, number="6.8")
    values = {
        "user": member,
        "organisation": organisation,
        "measure": measure,
        "completion": "limited",
        "opened_government": "marginal",
        "text": "Qiymətləndirmə.",
    }
    draft = civic_services.save_assessment(
        year=2023, files=[SimpleUploadedFile("foto.png", PNG)], **values
    )
    published = civic_services.publish_assessment(
        user=member, assessment=civic_services.save_assessment(year=2022, **values)
    )
    reply = civic_services.reply_to_assessment(
        user=staff_a, assessment=published, agency=agency_a, stance="agrees", text="Bəli."
    )
    return {
        "assessment_draft": draft.pk,
        "assessment": published.pk,
        "reply": reply.pk,
        "civic_file": draft.files.get().pk,
    }


@pytest.fixture
def login_as(client, staff_a, staff_b, secretariat_user):
    users = {"staff_a": staff_a, "staff_b": staff_b, "secretariat": secretariat_user}

    def login(persona, auth="session"):
        if persona == "anonymous":
            return client
        if auth == "token":
            from accounts.services import issue_token

            key = issue_token(user=users[persona])[1]
            client.defaults["HTTP_AUTHORIZATION"] = f"Token {key}"
        else:
            client.force_login(users[persona])
        return client

    return login


def url_for(name: str, kwarg_names: tuple[str, ...], values: dict) -> str:
    pattern_kwargs = _pattern_kwargs(name)
    return reverse(
        name, kwargs=dict(zip(pattern_kwargs, (values[k] for k in kwarg_names), strict=True))
    )


def _pattern_kwargs(name: str) -> list[str]:
    for pattern_name, _route, pattern in walk(get_resolver().url_patterns):
        if pattern_name == name:
            if getattr(pattern, "converters", None):
                return list(pattern.converters)
            groups = re.compile(str(pattern.regex.pattern)).groupindex
            return sorted(groups, key=groups.get)
    raise LookupError(name)


def request(client, entry: Entry, url: str):
    return client.post(url) if entry.method == "post" else client.get(url)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_matrix(name, persona, objects, login_as):
    entry = MATRIX[name]
    client = login_as(persona, entry.auth)
    url = url_for(name, entry.kwargs, objects)
    response = request(client, entry, url)
    if persona == "anonymous" and entry.anonymous is None:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login") + "?next=")
        return
    expected = entry.anonymous if persona == "anonymous" else entry.expect[persona]
    assert response.status_code == expected, (name, persona, url)
    if persona == "anonymous" and expected != 404:
        return  # e.g. 401 from a token-only API: the id is never looked at
    if not entry.kwargs:
        # No id to guess: a refused page reads exactly like a page that does not exist.
        if expected == 404:
            assert response.content == client.get(NOT_FOUND_URL).content
        return
    missing_url = url_for(name, entry.kwargs, {k: MISSING for k in objects})
    missing = request(client, entry, missing_url)
    assert missing.status_code == 404, (name, persona, missing_url)
    if expected == 404:
        # Not yours looks exactly like not there.
        assert response.content == missing.content


def admin_urls(report_pk: int) -> list[str]:
    urls = []
    for name, route, _pattern in walk(get_resolver().url_patterns):
        if (name or "").startswith(ADMIN_NAMESPACE + ":") and takes_object_id(_pattern):
            path = re.sub(r"<[^>]+>", str(report_pk), route)
            path = re.sub(r"\([^)]*\)", str(report_pk), path).replace("^", "").replace("$", "")
            urls.append("/" + path)
    return urls


@pytest.mark.parametrize("persona", ["anonymous", "staff_a", "staff_b"])
def test_admin_object_pages_send_non_staff_to_the_admin_login(persona, objects, login_as):
    client = login_as(persona)
    urls = admin_urls(objects["report"])
    assert urls
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("admin:login")), url
