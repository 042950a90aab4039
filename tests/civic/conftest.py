"""Civil-society personas and records, built through the real services."""

import pytest

from civic import services
from civic.models import Organisation, OrganisationMembership
from tests.conftest import ANTI_CORRUPTION
from tests.factories import UserFactory
from tests.reports.conftest import english  # noqa: F401  (fixture)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def organisation(seeded):
    return Organisation.objects.create(name="Şəffaflıq Monitorinqi QHT", slug="seffaflig-qht")


@pytest.fixture
def other_organisation(seeded):
    return Organisation.objects.create(name="Başqa QHT", slug="basqa-qht")


@pytest.fixture
def member(organisation):
    """A member of the organisation."""
    user = UserFactory(username="qht_uzvu")
    OrganisationMembership.objects.create(user=user, organisation=organisation)
    return user


@pytest.fixture
def other_member(other_organisation):
    user = UserFactory(username="basqa_uzv")
    OrganisationMembership.objects.create(user=user, organisation=other_organisation)
    return user


@pytest.fixture
def measure_68(seeded):
    """Anti-corruption 6.8: Ədliyyə Nazirliyi (agency A) is its only executor; Samux is not."""
    return seeded[ANTI_CORRUPTION].measures.get(number="6.8")


@pytest.fixture
def draft_assessment(member, organisation, measure_68):
    return services.save_assessment(
        user=member,
        organisation=organisation,
        measure=measure_68,
        year=2022,
        completion="limited",
        opened_government="marginal",
        text="Ekspertiza institutu hələ fəaliyyətə başlamayıb.",
    )


@pytest.fixture
def published_assessment(draft_assessment, member):
    return services.publish_assessment(user=member, assessment=draft_assessment)
