"""Agencies and their categories as the open-data API shows them."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from agencies.models import Agency, AgencyCategory
from nap_portal.api.fields import absolute, described


class AgencyCategorySerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The category on the public agency list.")

    class Meta:
        model = AgencyCategory
        fields = ["code", "name", "name_en", "order", "url"]
        extra_kwargs = described(
            code="Stable identifier of the category.",
            name="Official Azerbaijani name.",
            name_en="English name; may be empty.",
            order="Position in the portal's list of categories.",
        )

    def get_url(self, category: AgencyCategory) -> str:
        path = reverse("agencies:list") + f"#cat-{category.code}"
        return absolute(self.context.get("request"), path)


class AgencySerializer(serializers.ModelSerializer):
    category = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text="Code of the agency's category."
    )
    parent = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="Slug of the parent body; null if none.",
    )
    aliases = serializers.SerializerMethodField(
        help_text="Other spellings of the name found in the source documents."
    )
    url = serializers.SerializerMethodField(
        help_text="The agency's public page; null for an inactive agency, which has none."
    )

    class Meta:
        model = Agency
        fields = [
            "slug",
            "name",
            "short_name",
            "name_en",
            "category",
            "parent",
            "is_active",
            "aliases",
            "url",
        ]
        extra_kwargs = described(
            slug="Stable identifier of the agency, used in its URLs.",
            name="Official Azerbaijani name.",
            short_name="Abbreviation; may be empty.",
            name_en="English name; may be empty.",
            is_active="Whether the agency exists today; former agencies keep their reports.",
        )

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_aliases(self, agency: Agency) -> list[str]:
        return [alias.alias for alias in agency.aliases.all()]

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_url(self, agency: Agency) -> str | None:
        if not agency.is_active:
            return None
        return absolute(self.context.get("request"), agency.get_absolute_url())
