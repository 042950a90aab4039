"""The workspace and the review queue run the same number of queries for 1 or many reports."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports import services
from reports.obligations import obligations_for_period

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def file_reports(period, agency, user, count: int, submit: bool, skip: int = 0):
    for obligation in obligations_for_period(period, [agency])[skip : skip + count]:
        report = services.save_report(
            measure=obligation.measure, agency=agency, period=period, user=user, works_done="Hazır."
        )
        if submit:
            services.submit_report(report=report, user=user)


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("persona", "url_name", "submit"),
    [
        ("staff_a", "reports:workspace", False),
        ("secretariat_user", "reports:review", True),
    ],
)
def test_list_pages_run_a_fixed_number_of_queries(
    request, client, period, staff_a, agency_a, persona, url_name, submit
):
    client.force_login(request.getfixturevalue(persona))
    url = reverse(url_name)
    file_reports(period, agency_a, staff_a, 1, submit)
    small = count_queries(client, url)
    file_reports(period, agency_a, staff_a, 12, submit, skip=1)
    large = count_queries(client, url)
    assert large == small
    assert small <= 12
