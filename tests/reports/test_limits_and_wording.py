"""Issue 12, item 7: a length limit on report text (web and API), "start from" the latest
earlier published report, no internal version numbers on the pages, "what happens next"
after each step, and returned reports first in the workspace."""

from datetime import date

import pytest
from django.urls import reverse

from plans.models import Measure
from reports import services
from reports.models import ProgressReport
from tests.conftest import ANTI_CORRUPTION
from tests.reports.conftest import advance

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def page(response) -> str:
    return response.content.decode()


# --- the length limit -----------------------------------------------------------------------


def test_a_text_above_the_limit_is_refused_at_the_field_on_the_web_and_nothing_is_saved(
    client, settings, staff_a, agency_a, period, measure_19
):
    settings.REPORT_TEXT_MAX_LENGTH = 50
    client.force_login(staff_a)
    start = reverse("reports:start", args=[period.pk, measure_19.pk, agency_a.pk])
    too_long = "ə" * 51
    response = client.post(
        start, {"works_done": too_long, "status": "", "expected_version": 0, "action": "save"}
    )
    assert response.status_code == 200
    html = page(response)
    message = "at most 50 characters long; this text has 51"
    assert 'id="id_works_done_error"' in html and message in html
    assert 'href="#id_works_done"' in html  # the error summary links to the field
    assert too_long in html  # the text is kept in the form
    assert not ProgressReport.objects.filter(measure=measure_19, agency=agency_a).exists()

    # A saved draft keeps its text: a longer edit changes nothing.
    draft = services.save_report(
        measure=measure_19, agency=agency_a, period=period, user=staff_a, works_done="Qısa."
    )
    response = client.post(
        reverse("reports:edit", args=[draft.pk]),
        {"works_done": too_long, "expected_version": draft.version, "action": "submit"},
    )
    assert message in page(response)
    draft.refresh_from_db()
    assert draft.works_done == "Qısa." and draft.state == "draft" and draft.version == 1


def test_the_form_says_the_limit_and_carries_the_counter(client, settings, staff_a, draft_a):
    settings.REPORT_TEXT_MAX_LENGTH = 20000
    client.force_login(staff_a)
    html = page(client.get(reverse("reports:edit", args=[draft_a.pk])))
    assert "You can write up to 20000 characters." in html
    assert 'aria-live="polite"' in html and 'data-character-count="id_works_done"' in html
    assert "js/character-count" in html
    assert "maxlength" not in html.split("<textarea")[1].split(">")[0]  # never cut off


# --- start from the latest earlier published report -----------------------------------------


def test_start_from_offers_the_latest_earlier_published_report_not_only_last_year(
    client, seeded, staff_a, agency_a, secretariat_user
):
    plan = seeded[ANTI_CORRUPTION]
    measure = Measure.objects.get(plan=plan, number="2.1")
    report_2022 = ProgressReport.objects.get(measure=measure, agency=agency_a, period__year=2022)
    assert report_2022.state == "published"

    def open_year(year):
        return services.open_period(
            plan=plan, year=year, due_date=date(year + 1, 1, 31), user=secretariat_user
        )

    # 2025: a draft only, never published: it is not offered.
    services.save_report(
        measure=measure,
        agency=agency_a,
        period=open_year(2025),
        user=staff_a,
        works_done="2025 qaralama mətni.",
    )
    period_2026 = open_year(2026)
    client.force_login(staff_a)
    start = reverse("reports:start", args=[period_2026.pk, measure.pk, agency_a.pk])
    html = page(client.get(start))
    assert "Your published report of 2022" in html and "Start from the 2022 text" in html
    assert "2025 qaralama" not in html
    prefilled = page(client.get(start, {"start_from": "previous"}))
    first_line = report_2022.works_done.split("\n")[0][:40]
    assert first_line in prefilled.split("<textarea")[1]

    # Once 2024 is published, 2026 offers 2024's text: the latest, not the oldest.
    period_2024 = open_year(2024)
    report_2024 = services.save_report(
        measure=measure,
        agency=agency_a,
        period=period_2024,
        user=staff_a,
        works_done="2024-cü ilin dərc olunmuş mətni.",
    )
    advance(report_2024, "published", owner=staff_a, secretariat=secretariat_user)
    html = page(client.get(start))
    assert "Your published report of 2024" in html and "2024-cü ilin dərc" in html


# --- no internal version numbers ------------------------------------------------------------


def test_no_version_number_on_the_pages_agency_staff_read(client, staff_a, draft_a):
    services.save_report(
        report=draft_a, user=staff_a, works_done="İkinci mətn.", expected_version=1
    )
    client.force_login(staff_a)
    for url in [
        reverse("reports:workspace"),
        reverse("reports:detail", args=[draft_a.pk]),
        reverse("reports:edit", args=[draft_a.pk]),
        reverse("reports:history", args=[draft_a.pk]),
    ]:
        html = page(client.get(url))
        visible = html.replace('name="expected_version"', "")
        for word in ("Version", "version 2", "Versiya", " v2"):
            assert word not in visible, (url, word)


def test_no_version_number_in_azerbaijani_either(client, staff_a, draft_a):
    from django.utils import translation

    client.force_login(staff_a)
    client.cookies.load({"django_language": "az"})
    with translation.override("az"):
        for url in [
            reverse("reports:detail", args=[draft_a.pk]),
            reverse("reports:edit", args=[draft_a.pk]),
        ]:
            html = page(client.get(url))
            assert "Versiya" not in html and "versiya 1" not in html.lower(), url


# --- what happens next ----------------------------------------------------------------------


def test_each_step_says_what_happens_next(client, staff_a, draft_a, secretariat_user):
    client.force_login(staff_a)
    response = client.post(
        reverse("reports:submit", args=[draft_a.pk]), {"expected_version": 1}, follow=True
    )
    assert "The secretariat will review it; you will get an e-mail" in page(response)

    client.force_login(secretariat_user)
    response = client.post(
        reverse("reports:return", args=[draft_a.pk]), {"comment": "Tarixləri yazın."}, follow=True
    )
    assert "comes back to the review queue when they submit it again" in page(response)
    services.submit_report(report=ProgressReport.objects.get(pk=draft_a.pk), user=staff_a)
    response = client.post(reverse("reports:accept", args=[draft_a.pk]), follow=True)
    assert "becomes public when you publish it or its year" in page(response)
    response = client.post(reverse("reports:publish", args=[draft_a.pk]), follow=True)
    assert "public page now, and the agency gets an e-mail" in page(response)


# --- returned reports first -----------------------------------------------------------------


def test_returned_reports_come_first_in_the_workspace(
    client, staff_a, agency_a, period, secretariat_user
):
    from reports.obligations import obligations_for_period

    obligations = obligations_for_period(period, [agency_a])
    last = obligations[-1]
    report = services.save_report(
        measure=last.measure, agency=agency_a, period=period, user=staff_a, works_done="Hazır."
    )
    advance(report, "returned", owner=staff_a, secretariat=secretariat_user)
    client.force_login(staff_a)
    html = page(client.get(reverse("reports:workspace")))
    rows = html.split("<tbody>")[1].split("</tr>")
    assert "state-returned" in rows[0]
    assert f'<span class="number">{last.measure.number}</span>' in rows[0]
    assert obligations[0].measure.number != last.measure.number
