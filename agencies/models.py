"""Agencies: the bodies that execute and report on plan measures."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from nap_portal.text import name_key


class AgencyCategory(models.Model):
    """A kind of body a plan can oblige as a whole ("yerli icra hakimiyyəti orqanları")."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    name_en = models.CharField(_("English name"), max_length=255, blank=True)
    name_ru = models.CharField(_("Russian name"), max_length=255, blank=True)
    is_state_body = models.BooleanField(
        _("state bodies"),
        default=True,
        help_text=_("Off for civil-society organisations and international partners."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("agency category")
        verbose_name_plural = _("agency categories")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class AgencyQuerySet(models.QuerySet):
    def active(self) -> "AgencyQuerySet":
        return self.filter(is_active=True)


class Agency(models.Model):
    """One body (ministry, district executive authority, state company, ...)."""

    name = models.CharField(_("name"), max_length=255)
    name_key = models.CharField(
        _("name key"),
        max_length=255,
        unique=True,
        editable=False,
        help_text=_("The name with case, quotes and spacing folded; no two agencies share it."),
    )
    short_name = models.CharField(_("short name"), max_length=64, blank=True)
    name_en = models.CharField(_("English name"), max_length=255, blank=True)
    name_ru = models.CharField(_("Russian name"), max_length=255, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    category = models.ForeignKey(
        AgencyCategory,
        on_delete=models.PROTECT,
        related_name="agencies",
        verbose_name=_("category"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent body"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="AgencyMembership",
        related_name="agencies",
        blank=True,
        verbose_name=_("staff"),
    )

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.name_key = name_key(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("agencies:detail", args=[self.slug])


class AgencyAlias(models.Model):
    """Another spelling the documents use for an agency ("“Azərsu” ASC")."""

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("agency")
    )
    alias = models.CharField(_("alias"), max_length=255)
    # Unique across all agencies: one spelling can never name two bodies.
    alias_key = models.CharField(_("alias key"), max_length=255, unique=True, editable=False)

    class Meta:
        verbose_name = _("agency alias")
        verbose_name_plural = _("agency aliases")
        ordering = ["alias"]

    def __str__(self) -> str:
        return self.alias

    def save(self, *args, **kwargs) -> None:
        self.alias_key = name_key(self.alias)
        super().save(*args, **kwargs)


class AgencyMembership(models.Model):
    """A user working for an agency; agency staff see and change their agency's reports only."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="agency_memberships",
        verbose_name=_("user"),
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("agency")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("agency membership")
        verbose_name_plural = _("agency memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "agency"], name="unique_agency_membership"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.agency}"
