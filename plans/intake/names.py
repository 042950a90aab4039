"""Mapping an executor name that resolves to no agency: as another spelling of an existing
agency (an alias), or as a new agency of a category (civil society, international partner…).

After a mapping, the same file previews again and the name resolves.
"""

from django.db import transaction
from django.utils.text import slugify

from agencies.models import Agency, AgencyAlias, AgencyCategory
from nap_portal.text import name_key


class NameTaken(Exception):
    """The name already names an agency (or is an alias of one)."""


def _check_free(name: str) -> str:
    key = name_key(name)
    if not key:
        raise NameTaken(name)
    if (
        Agency.objects.filter(name_key=key).exists()
        or AgencyAlias.objects.filter(alias_key=key).exists()
    ):
        raise NameTaken(name)
    return key


@transaction.atomic
def map_name_to_agency(*, name: str, agency: Agency) -> AgencyAlias:
    """``name`` becomes another spelling of ``agency``."""
    _check_free(name)
    return AgencyAlias.objects.create(agency=agency, alias=name.strip())


@transaction.atomic
def add_agency(*, name: str, category: AgencyCategory, name_en: str = "") -> Agency:
    """A new agency named ``name`` in ``category`` (a slug made from its name)."""
    _check_free(name)
    base = slugify(name.replace("ə", "e").replace("ı", "i"))[:90] or "agency"
    slug, number = base, 1
    while Agency.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    agency = Agency(name=name.strip(), name_en=name_en, slug=slug, category=category)
    agency.save()
    return agency
