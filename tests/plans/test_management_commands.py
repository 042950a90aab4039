"""generate_scale_data makes a plan for benchmarks; reindex_search rebuilds the index."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from plans.models import Measure, Plan
from reports.models import ProgressReport

pytestmark = pytest.mark.django_db


def test_generate_scale_data_makes_the_requested_plan(seeded):
    out = StringIO()
    call_command(
        "generate_scale_data",
        "--measures=40",
        "--agencies=7",
        "--years=3",
        "--reports=500",
        "--slug=tiny",
        stdout=out,
    )
    plan = Plan.objects.get(slug="tiny")
    assert plan.measures.count() == 40
    assert (plan.start_year, plan.end_year) == (2022, 2024)
    reports = ProgressReport.objects.filter(measure__plan=plan)
    assert reports.count() == 500
    assert "40 measures, 500 reports" in out.getvalue()
    # The last year stays open and unpublished: its reports are drafts or submissions.
    last = plan.periods.get(year=2024)
    assert not last.is_published and last.is_open
    assert not reports.filter(period=last, state=ProgressReport.State.PUBLISHED).exists()
    with pytest.raises(CommandError, match="--replace"):
        call_command("generate_scale_data", "--measures=2", "--slug=tiny")


def test_reindex_search_restores_a_cleared_index(seeded):
    Measure.objects.update(search_text="")
    out = StringIO()
    call_command("reindex_search", stdout=out)
    assert not Measure.objects.filter(search_text="").exists()
    call_command("reindex_search", stdout=out)
    assert out.getvalue().splitlines()[-1].startswith("0 of")
