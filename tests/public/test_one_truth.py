"""One truth: the home page, the agency page, the secretariat's compliance table and its CSV
and the open-data API give the same expected / handed in / on time / missing / not yet due,
by the one rule of reports.obligations; and nothing is missing before its due date."""

import csv
import io
import re
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from plans.models import Assignment
from reports import services
from reports.obligations import compliance, period_total
from tests.conftest import ANTI_CORRUPTION, OPEN_GOV
from tests.factories import (
    AgencyCategoryFactory,
    AgencyFactory,
    MeasureFactory,
    MembershipFactory,
    PlanFactory,
    PriorityFactory,
    UserFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

FIGURES = ("expected", "handed_in", "on_time", "missing", "not_yet_due")
DUE = date(2024, 1, 31)


@pytest.fixture
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def world(secretariat_user):
    """A 2023 plan due 31 January 2024. "Rayon A" is named on 1.1 *and* obliged on it through
    its category (it owes it once); "Rayon B" only through the category; "Nazirlik" by name
    on 1.1 and 1.2, recommended on 1.3; "Məhkəmə" recommended only.

    Filed: Rayon A on time; Rayon B late; Nazirlik 1.1 on time, returned after the due date
    and resubmitted late (still on time: first hand-in); Nazirlik 1.2 returned and not yet
    resubmitted (handed in); nobody files 1.3.
    """
    plan = PlanFactory(start_year=2023, end_year=2023, slug="one-truth")
    priority = PriorityFactory(plan=plan, number=1)
    category = AgencyCategoryFactory(code="districts-one-truth")
    rayon_a = AgencyFactory(name="Rayon A", slug="rayon-a", category=category)
    rayon_b = AgencyFactory(name="Rayon B", slug="rayon-b", category=category)
    ministry = AgencyFactory(name="Nazirlik", slug="nazirlik")
    court = AgencyFactory(name="Məhkəmə", slug="mehkeme")
    m11 = MeasureFactory(priority=priority, number="1.1", start_year=2023, end_year=2023)
    m12 = MeasureFactory(priority=priority, number="1.2", start_year=2023, end_year=2023)
    m13 = MeasureFactory(priority=priority, number="1.3", start_year=2023, end_year=2023)
    Assignment.objects.create(measure=m11, role="main", agency=rayon_a, position=1)
    Assignment.objects.create(measure=m11, role="co", category=category, position=2)
    Assignment.objects.create(measure=m11, role="co", agency=ministry, position=3)
    Assignment.objects.create(measure=m12, role="main", agency=ministry, position=1)
    Assignment.objects.create(measure=m13, role="main", category=category, position=1)
    Assignment.objects.create(measure=m13, role="recommended", agency=ministry, position=2)
    Assignment.objects.create(measure=m13, role="recommended", agency=court, position=3)
    staff = {
        agency: MembershipFactory(user=UserFactory(username=agency.slug), agency=agency).user
        for agency in (rayon_a, rayon_b, ministry)
    }
    with time_machine.travel(date(2023, 12, 1), tick=False):
        period = services.open_period(
            plan=plan, year=2023, due_date=DUE, user=secretariat_user, notify=False
        )

    def file(agency, measure, when):
        with time_machine.travel(when, tick=False):
            report = services.save_report(
                user=staff[agency],
                measure=measure,
                agency=agency,
                period=period,
                works_done=f"{agency.name}: {measure.number} icra olunub.",
                status="done",
            )
            return services.submit_report(report=report, user=staff[agency])

    file(rayon_a, m11, date(2024, 1, 20))
    file(rayon_b, m11, date(2024, 2, 5))  # late
    ministry_11 = file(ministry, m11, date(2024, 1, 30))
    ministry_12 = file(ministry, m12, date(2024, 1, 10))
    with time_machine.travel(date(2024, 2, 2), tick=False):
        services.return_report(report=ministry_11, user=secretariat_user, comment="Düzəldin.")
        services.return_report(report=ministry_12, user=secretariat_user, comment="Düzəldin.")
    with time_machine.travel(date(2024, 2, 10), tick=False):
        services.submit_report(report=ministry_11, user=staff[ministry])
    return {
        "plan": plan,
        "period": period,
        "agencies": {a.slug: a for a in (rayon_a, rayon_b, ministry, court)},
        "staff": staff,
    }


# Worked out by hand from the fixture's story (after the due date).
EXPECTED_AFTER_DUE = {
    "rayon-a": {"expected": 2, "handed_in": 1, "on_time": 1, "missing": 1, "not_yet_due": 0},
    "rayon-b": {"expected": 2, "handed_in": 1, "on_time": 0, "missing": 1, "not_yet_due": 0},
    "nazirlik": {"expected": 2, "handed_in": 2, "on_time": 2, "missing": 0, "not_yet_due": 0},
    # Recommended only: invited, never expected, late or missing.
    "mehkeme": {"expected": 0, "handed_in": 0, "on_time": 0, "missing": 0, "not_yet_due": 0},
}


def figures_of_compliance(period) -> dict[str, dict]:
    return {
        row.agency.slug: {name: getattr(row, name) for name in FIGURES}
        for row in compliance(period)
    }


def figures_of_agency_page(client, slug, year) -> dict:
    html = client.get(reverse("agencies:detail", args=[slug])).content.decode()
    row = html[html.index(f'<th scope="row">{year}</th>') :]
    row = row[: row.index("</tr>")]
    cells = re.findall(r'<td data-label="([^"]+)">(\d+)', row)
    names = ["Expected", "Handed in", "On time", "Missing", "Not yet due"]
    labels = dict(zip(names, FIGURES, strict=True))
    return {labels[label]: int(value) for label, value in cells}


def figures_of_api(client, period) -> dict[str, dict]:
    rows = client.get(f"/api/v1/periods/{period.pk}/compliance/").json()
    return {row["agency"]: {name: row[name] for name in FIGURES} for row in rows}


def figures_of_compliance_page(client, period) -> dict[str, dict]:
    html = client.get(reverse("reports:compliance", args=[period.pk])).content.decode()
    figures = {}
    for slug, cells in re.findall(
        r"agency=([\w-]+)&amp;state=all\">[^<]+</a></td>(.*?)</tr>", html, re.S
    ):
        numbers = re.findall(r'<td data-label="[^"]+">(\d+)</td>', cells)
        figures[slug] = dict(zip(FIGURES, map(int, numbers[:5]), strict=True))
    return figures


def figures_of_csv(client, period, agencies) -> dict[str, dict]:
    text = client.get(reverse("reports:compliance_csv", args=[period.pk])).content
    rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))
    by_name = {agency.name: slug for slug, agency in agencies.items()}
    return {
        by_name[row[0]]: dict(zip(FIGURES, map(int, row[1:6]), strict=True)) for row in rows[1:]
    }


def test_every_surface_gives_the_same_figures(client, world, secretariat_user):
    period, agencies = world["period"], world["agencies"]
    expected = EXPECTED_AFTER_DUE
    with time_machine.travel(date(2024, 3, 1), tick=False):
        assert figures_of_compliance(period) == expected
        assert figures_of_api(client, period) == expected
        for slug in expected:
            assert figures_of_agency_page(client, slug, 2023) == expected[slug], slug
        client.force_login(secretariat_user)
        assert figures_of_compliance_page(client, period) == expected
        assert figures_of_csv(client, period, agencies) == expected
    # The recommended court is invited, never expected or missing.
    court = next(row for row in compliance(period) if row.agency.slug == "mehkeme")
    assert (court.expected, court.missing, court.recommended_expected) == (0, 0, 1)


def test_the_home_page_gives_the_plans_total(client, world, secretariat_user):
    period = world["period"]
    with time_machine.travel(date(2024, 3, 1), tick=False):
        services.publish_period(period=period, user=secretariat_user)  # final: on the home page
        total = period_total(compliance(period))
        html = client.get(reverse("plans:home")).content.decode()
    assert (total.expected, total.handed_in, total.on_time, total.missing) == (6, 4, 3, 2)
    assert "Reports handed in for 2023: 67% (4 of 6 expected; 3 on time, 2 missing)." in html


def test_nothing_is_missing_before_the_due_date(client, secretariat_user):
    """Frozen clock: the day before the due date every surface says "not yet due"; the day
    after, the same reports are missing."""
    plan = PlanFactory(start_year=2023, end_year=2023, slug="due-soon")
    priority = PriorityFactory(plan=plan, number=1)
    agency = AgencyFactory(name="Gecikən İdarə", slug="gecikan-idare")
    for number in ("1.1", "1.2"):
        measure = MeasureFactory(priority=priority, number=number, start_year=2023, end_year=2023)
        Assignment.objects.create(measure=measure, role="main", agency=agency)
    with time_machine.travel(date(2024, 1, 2), tick=False):
        period = services.open_period(
            plan=plan, year=2023, due_date=DUE, user=secretariat_user, notify=False
        )
    slug = agency.slug
    before = {"expected": 2, "handed_in": 0, "on_time": 0, "missing": 0, "not_yet_due": 2}
    after = {"expected": 2, "handed_in": 0, "on_time": 0, "missing": 2, "not_yet_due": 0}
    for today, expected in ((DUE, before), (date(2024, 2, 1), after)):
        with time_machine.travel(today, tick=False):
            client.logout()
            assert figures_of_agency_page(client, slug, 2023) == expected, today
            assert figures_of_api(client, period)[slug] == expected, today
            assert figures_of_compliance(period)[slug] == expected, today
            client.force_login(secretariat_user)
            assert figures_of_compliance_page(client, period)[slug] == expected, today
            assert figures_of_csv(client, period, {slug: agency})[slug] == expected, today
    with time_machine.travel(DUE, tick=False):
        page = client.get(reverse("agencies:detail", args=[slug])).content.decode()
    assert "due by 31.01.2024" in page


def test_seed_figures_on_the_home_page_match_the_compliance_table(client, seeded):
    """The 2022 seed years: what the home page says equals the secretariat's table."""
    html = client.get(reverse("plans:home")).content.decode()
    for slug in (ANTI_CORRUPTION, OPEN_GOV):
        period = seeded[slug].periods.get(year=2022)
        total = period_total(compliance(period))
        assert total.expected > 0
        share = round(100 * total.handed_in / total.expected)
        sentence = (
            f"Reports handed in for 2022: {share}% ({total.handed_in} of {total.expected} "
            f"expected; {total.on_time} on time, {total.missing} missing)."
        )
        assert sentence in html, slug


EXTENDED_TO = date(2024, 2, 15)


@pytest.fixture
def extended_world(secretariat_user):
    """Due 31 January 2024. "Uzadılmış İdarə" owes 1.1 and 1.2 and is given until 15 February;
    "Adi İdarə" owes 1.1 with no extension. Both hand in 1.1 on 5 February (after the
    period's due date, before the extended one); nobody hands in 1.2."""
    plan = PlanFactory(start_year=2023, end_year=2023, slug="extended")
    priority = PriorityFactory(plan=plan, number=1)
    extended = AgencyFactory(name="Uzadılmış İdarə", slug="uzadilmis-idare")
    plain = AgencyFactory(name="Adi İdarə", slug="adi-idare")
    m11 = MeasureFactory(priority=priority, number="1.1", start_year=2023, end_year=2023)
    m12 = MeasureFactory(priority=priority, number="1.2", start_year=2023, end_year=2023)
    Assignment.objects.create(measure=m11, role="main", agency=extended, position=1)
    Assignment.objects.create(measure=m11, role="co", agency=plain, position=2)
    Assignment.objects.create(measure=m12, role="main", agency=extended, position=1)
    with time_machine.travel(date(2023, 12, 1), tick=False):
        period = services.open_period(
            plan=plan, year=2023, due_date=DUE, user=secretariat_user, notify=False
        )
    with time_machine.travel(date(2024, 1, 25), tick=False):
        services.extend_deadline(
            period=period,
            agency=extended,
            due_date=EXTENDED_TO,
            reason="Nazirlikdə təşkilati dəyişikliklər.",
            user=secretariat_user,
        )
    for agency in (extended, plain):
        staff = MembershipFactory(user=UserFactory(username=agency.slug), agency=agency).user
        with time_machine.travel(date(2024, 2, 5), tick=False):
            report = services.save_report(
                user=staff,
                measure=m11,
                agency=agency,
                period=period,
                works_done=f"{agency.name}: 1.1 icra olunub.",
                status="done",
            )
            services.submit_report(report=report, user=staff)
    return {"period": period, "agencies": {a.slug: a for a in (extended, plain)}}


def test_an_extension_is_honoured_on_every_surface(client, extended_world, secretariat_user):
    """Frozen clock: a report handed in after the period's due date but by the extended one is
    on time; before the extended date the missing report is "not yet due", after it
    "missing"; the agency page, the API, the compliance table and its CSV agree."""
    period, agencies = extended_world["period"], extended_world["agencies"]
    plain = {"expected": 1, "handed_in": 1, "on_time": 0, "missing": 0, "not_yet_due": 0}
    before = {"expected": 2, "handed_in": 1, "on_time": 1, "missing": 0, "not_yet_due": 1}
    after = {"expected": 2, "handed_in": 1, "on_time": 1, "missing": 1, "not_yet_due": 0}
    for today, extended in ((EXTENDED_TO, before), (date(2024, 2, 16), after)):
        expected = {"uzadilmis-idare": extended, "adi-idare": plain}
        with time_machine.travel(today, tick=False):
            client.logout()
            assert figures_of_compliance(period) == expected, today
            assert figures_of_api(client, period) == expected, today
            for slug in expected:
                assert figures_of_agency_page(client, slug, 2023) == expected[slug], (slug, today)
            client.force_login(secretariat_user)
            assert figures_of_compliance_page(client, period) == expected, today
            assert figures_of_csv(client, period, agencies) == expected, today


def test_an_extension_is_shown_as_extended_but_its_reason_stays_internal(
    client, extended_world, secretariat_user
):
    period = extended_world["period"]
    with time_machine.travel(EXTENDED_TO, tick=False):
        public = client.get(reverse("agencies:detail", args=["uzadilmis-idare"])).content.decode()
        other = client.get(reverse("agencies:detail", args=["adi-idare"])).content.decode()
        api = {row["agency"]: row for row in figures_of_api_rows(client, period)}
        client.force_login(secretariat_user)
        table = client.get(reverse("reports:compliance", args=[period.pk])).content.decode()
        sheet = client.get(reverse("reports:compliance_csv", args=[period.pk])).content
    assert "due by 15.02.2024, extended" in public
    assert "2023: due 15.02.2024, extended" in public
    assert ", extended" not in other
    assert "təşkilati" not in public  # the reason is the secretariat's
    assert (api["uzadilmis-idare"]["due_date"], api["uzadilmis-idare"]["extended"]) == (
        "2024-02-15",
        True,
    )
    assert (api["adi-idare"]["due_date"], api["adi-idare"]["extended"]) == ("2024-01-31", False)
    assert '15.02.2024, <strong class="extended">extended</strong>' in table
    assert "Nazirlikdə təşkilati dəyişikliklər." in table
    rows = list(csv.reader(io.StringIO(sheet.decode("utf-8-sig"))))
    assert rows[0][-2:] == ["Due", "Extended"]
    assert ["2024-02-15", "yes"] in [row[-2:] for row in rows[1:]]


def test_the_home_page_counts_the_extension(client, extended_world, secretariat_user):
    period = extended_world["period"]
    with time_machine.travel(date(2024, 2, 16), tick=False):
        services.publish_period(period=period, user=secretariat_user)  # final: on the home page
        html = client.get(reverse("plans:home")).content.decode()
    # Without the extension: 0 on time. With it, the extended agency's 1.1 is on time.
    assert "Reports handed in for 2023: 67% (2 of 3 expected; 1 on time, 1 missing)." in html


def figures_of_api_rows(client, period) -> list[dict]:
    return client.get(f"/api/v1/periods/{period.pk}/compliance/").json()
