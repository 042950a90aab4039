"""factory_boy factories for the domain; tests build what they need on top of the seed data."""

import factory
from django.contrib.auth import get_user_model

from agencies.models import Agency, AgencyCategory, AgencyMembership
from plans.models import (
    Assignment,
    Indicator,
    IndicatorTarget,
    Measure,
    Plan,
    Priority,
    SubItem,
    SubItemAssignment,
)
from reports.models import ProgressReport, ReportingPeriod


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.az")
    password = factory.django.Password("correct-horse-battery")


class AgencyCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgencyCategory
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"category-{n}")
    name = factory.Sequence(lambda n: f"Kateqoriya {n}")
    name_en = factory.Sequence(lambda n: f"Category {n}")


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Sınaq Agentliyi {n}")
    name_en = factory.Sequence(lambda n: f"Test Agency {n}")
    slug = factory.Sequence(lambda n: f"test-agency-{n}")
    category = factory.SubFactory(AgencyCategoryFactory)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgencyMembership

    user = factory.SubFactory(UserFactory)
    agency = factory.SubFactory(AgencyFactory)


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    title = factory.Sequence(lambda n: f"Sınaq Planı {n}")
    slug = factory.Sequence(lambda n: f"test-plan-{n}")
    start_year = 2022
    end_year = 2024


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Priority

    plan = factory.SubFactory(PlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Prioritet {n}")


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    priority = factory.SubFactory(PriorityFactory)
    plan = factory.LazyAttribute(lambda measure: measure.priority.plan)
    number = factory.Sequence(lambda n: f"{n // 50 + 1}.{n % 50 + 1}")
    title = factory.Sequence(lambda n: f"Tədbir {n}")
    indicator = "Göstərici"
    start_year = factory.LazyAttribute(lambda measure: measure.plan.start_year)
    end_year = factory.LazyAttribute(lambda measure: measure.plan.end_year)


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    measure = factory.SubFactory(MeasureFactory)
    role = Assignment.Role.MAIN
    agency = factory.SubFactory(AgencyFactory)


class SubItemFactory(factory.django.DjangoModelFactory):
    """A sub-item of a measure; give ``parent`` for a deeper one (its number extends it)."""

    class Meta:
        model = SubItem

    measure = factory.SubFactory(MeasureFactory)
    parent = None
    number = factory.LazyAttributeSequence(
        lambda item, n: f"{(item.parent.number if item.parent else item.measure.number)}.{n + 1}"
    )
    title = factory.Sequence(lambda n: f"Alt bənd {n}")
    period_text = "2023-cü ilin IV rübü"
    start_year = 2023
    end_year = 2023
    deadline_kind = "quarter"
    deadline_part = 4


class SubItemAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubItemAssignment

    sub_item = factory.SubFactory(SubItemFactory)
    role = Assignment.Role.MAIN
    agency = factory.SubFactory(AgencyFactory)


class IndicatorFactory(factory.django.DjangoModelFactory):
    """A numeric indicator (it has a unit and a baseline); pass ``unit=""`` and
    ``baseline=None`` for a text-only one."""

    class Meta:
        model = Indicator

    measure = factory.SubFactory(MeasureFactory)
    text = factory.Sequence(lambda n: f"Təlim keçmiş əməkdaşların sayı {n}")
    unit = "nəfər"
    baseline = 10
    baseline_year = 2021


class IndicatorTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorTarget

    indicator = factory.SubFactory(IndicatorFactory)
    year = 2023
    value = 50


class PeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingPeriod
        django_get_or_create = ["plan", "year"]

    plan = factory.SubFactory(PlanFactory)
    year = 2023
    is_published = False
    # A period made public in a test is final unless the test says otherwise (provisional).
    is_final = factory.LazyAttribute(lambda period: period.is_published)


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressReport

    measure = factory.SubFactory(MeasureFactory)
    agency = factory.SubFactory(AgencyFactory)
    period = factory.SubFactory(PeriodFactory, plan=factory.SelfAttribute("..measure.plan"))
    works_done = factory.Sequence(lambda n: f"Görülmüş işlər {n}.")
