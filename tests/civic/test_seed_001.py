"""Seed 001 held faithfully: the platform, its 12 activities with the plan items they cite as
written, the totals it reports, and the 2016–2018 plan with only what 001 states about it."""

import pytest
from django.conf import settings

from civic.models import MonitoringActivity, MonitoringProject, Organisation, PlanReference
from civic.references import resolve
from plans.models import Plan
from reports.importers.seeds import import_seeds
from tests.factories import MeasureFactory, PriorityFactory

pytestmark = pytest.mark.django_db

OGP_2016 = "open-government-2016-2018"
CITED = ["4.1.3", "4.1.2", "5.2", "5.3", "5.5", "5.7", "6.2", "7", "8.6", "8.7", "8.9"]


def platform_activities():
    return MonitoringActivity.objects.filter(organisation__slug="aht-platformasi").order_by(
        "number"
    )


def test_the_platform_has_its_twelve_activities(seeded):
    assert Organisation.objects.get(slug="aht-platformasi").name == "AHT Platforması"
    activities = list(platform_activities())
    assert [a.number for a in activities] == list(range(1, 13))
    assert activities[1].title == "AHT Platformasının maddi-texniki bazasının yaradılması"
    assert activities[11].events == 4
    assert activities[8].place_list == ["Şirvan", "Səlyan", "Neftçala", "Hacıqabul"]


def test_eleven_activities_cite_their_plan_items_as_written(seeded):
    plan = Plan.objects.get(slug=OGP_2016)
    cited = [
        r.number
        for r in PlanReference.objects.filter(activity__in=platform_activities(), plan=plan)
        .exclude(number="")
        .order_by("activity__number", "position")
    ]
    assert cited == CITED
    citing = platform_activities().filter(references__isnull=False).distinct()
    assert citing.count() == 11
    assert not platform_activities().get(number=1).references.exists()
    two = platform_activities().get(number=2).references.get()
    assert "(MFP)-nın 4.1.3 bəndinə əsasən" in two.text_as_written


def test_section_seven_rests_also_on_the_eiti_groups_own_plan(seeded):
    references = list(platform_activities().get(number=9).references.order_by("position"))
    assert [(r.number, r.plan_id is not None) for r in references] == [("7", True), ("", False)]
    assert references[1].plan_as_written == "MHŞT Çoxtərəfli Qrupun 2017-ci il üzrə Fəaliyyət Planı"


def test_the_totals_and_the_link(seeded):
    project = MonitoringProject.objects.get(organisation__slug="aht-platformasi")
    assert (
        project.events,
        project.events_in_regions,
        project.participants,
        project.state_participants,
        project.foreign_guests,
        project.broadcasts,
    ) == (17, 4, 462, 14, 6, 8)
    assert project.link == "http://edf.az/ts_general/azl/layihe/OGPP/index.htm"
    assert project.goal == "Açıq Hökumət Tərəfdaşlığının Azərbaycanda inkişafının sürətləndirilməsi"


def test_the_2016_plan_is_registered_with_what_001_states_and_no_invented_measure(seeded):
    plan = Plan.objects.get(slug=OGP_2016)
    assert (
        plan.title == "Açıq hökumətin təşviqinə dair 2016-2018-ci illər üçün Milli Fəaliyyət Planı"
    )
    assert (plan.start_year, plan.end_year) == (2016, 2018)
    assert "Plan 11 mühüm sahə üzrə 59 vacib tədbiri əhatə edir" in plan.description
    assert plan.measures.count() == 0
    assert plan.priorities.count() == 0


def test_references_stay_as_written_until_the_plan_table_arrives(seeded):
    plan = Plan.objects.get(slug=OGP_2016)
    references = PlanReference.objects.filter(activity__in=platform_activities())
    assert not any(r.is_resolved for r in resolve(references))
    measure = MeasureFactory(
        priority=PriorityFactory(plan=plan, number=8), plan=plan, number="8.7", end_year=2018
    )
    resolved = {r.label: r for r in resolve(references)}
    assert resolved["8.7"].measure == measure
    assert resolved["8.7"].url == measure.get_absolute_url()
    assert resolved["7"].is_resolved is False
    PriorityFactory(plan=plan, number=7)
    assert resolve(references.filter(number="7"))[0].section.number == 7


def test_importing_again_changes_nothing(seeded):
    before = (
        MonitoringActivity.objects.count(),
        PlanReference.objects.count(),
        list(PlanReference.objects.values_list("pk", "number", "plan_as_written")),
    )
    reports = import_seeds(settings.FIXTURES_DIR)
    civic = next(r for r in reports if r.source.startswith("001_"))
    assert not civic.created and not civic.updated and not civic.warnings
    after = (
        MonitoringActivity.objects.count(),
        PlanReference.objects.count(),
        list(PlanReference.objects.values_list("pk", "number", "plan_as_written")),
    )
    assert after == before
