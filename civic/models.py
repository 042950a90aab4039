"""Civil society beside the government's account: organisations, their monitoring activities
(seed 001's unit), their independent assessments of measures and the executors' replies."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    """A civil-society organisation (QHT) or platform: an account of its own, not an agency."""

    name = models.CharField(_("name"), max_length=255)
    name_en = models.CharField(_("English name"), max_length=255, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    contact = models.CharField(_("contact"), max_length=255, blank=True)
    website = models.URLField(_("website"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="OrganisationMembership",
        related_name="organisations",
        blank=True,
        verbose_name=_("members"),
    )

    class Meta:
        verbose_name = _("civil-society organisation")
        verbose_name_plural = _("civil-society organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("civil-society:organisation", args=[self.slug])


class OrganisationMembership(models.Model):
    """A user working for an organisation: writes its drafts and publishes them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="organisation_memberships",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation membership")
        verbose_name_plural = _("organisation memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="unique_organisation_membership"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.organisation}"


class Figures(models.Model):
    """What a monitoring activity or project counts; empty where the source states nothing."""

    events = models.PositiveIntegerField(_("round tables held"), null=True, blank=True)
    events_in_regions = models.PositiveIntegerField(
        _("of them in the regions"), null=True, blank=True
    )
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    state_participants = models.PositiveIntegerField(
        _("representatives of state bodies"), null=True, blank=True
    )
    foreign_guests = models.PositiveIntegerField(_("foreign guests"), null=True, blank=True)
    broadcasts = models.PositiveIntegerField(_("internet-TV discussions"), null=True, blank=True)

    FIELDS = (
        "events",
        "events_in_regions",
        "participants",
        "state_participants",
        "foreign_guests",
        "broadcasts",
    )

    class Meta:
        abstract = True

    def figures(self) -> list[tuple[str, int]]:
        """The stated figures as ``(label, value)``, in the order above."""
        return [
            (self._meta.get_field(name).verbose_name, getattr(self, name))
            for name in self.FIELDS
            if getattr(self, name) is not None
        ]


class MonitoringProject(Figures):
    """An organisation's monitoring of one plan, with the totals it reports (seed 001)."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="projects",
        verbose_name=_("organisation"),
    )
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=500, blank=True)
    goal = models.TextField(_("overall goal"), blank=True)
    objectives = models.TextField(_("specific objectives"), blank=True)
    plan = models.ForeignKey(
        "plans.Plan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("plan monitored"),
    )
    link = models.URLField(_("web page"), max_length=500, blank=True)
    source = models.CharField(_("source document"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("monitoring project")
        verbose_name_plural = _("monitoring projects")
        ordering = ["organisation", "pk"]

    def __str__(self) -> str:
        return self.title or self.goal[:80] or self.slug


class MonitoringActivity(Figures):
    """One monitoring activity: what was done, on which plan items, with what result."""

    class Kind(models.TextChoices):
        ROUND_TABLE = "round_table", _("Round table")
        SURVEY = "survey", _("Survey")
        PROPOSAL_PACKAGE = "proposal_package", _("Proposal package")
        ASSESSMENT = "assessment", _("Assessment study")
        MEDIA = "media", _("Media")
        CAPACITY = "capacity", _("Institutional capacity")
        OTHER = "other", _("Other")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="activities",
        verbose_name=_("organisation"),
    )
    project = models.ForeignKey(
        MonitoringProject,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("project"),
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.TextField(_("title"))
    title_en = models.TextField(_("English title"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    start_year = models.PositiveSmallIntegerField(_("first year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("last year"), null=True, blank=True)
    places = models.TextField(_("places"), blank=True, help_text=_("One place a line."))
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("monitoring activity")
        verbose_name_plural = _("monitoring activities")
        ordering = ["organisation", "project", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "project", "number"], name="unique_activity_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title[:80]}"

    @property
    def place_list(self) -> list[str]:
        return [line.strip() for line in self.places.splitlines() if line.strip()]


class PlanReference(models.Model):
    """A plan item an activity rests on, as written ("4.1.3", a section "7", or another
    body's plan). Resolved to the measure, sub-item or section at read time
    (``civic.references``), so it links itself once that plan's table is imported."""

    activity = models.ForeignKey(
        MonitoringActivity,
        on_delete=models.CASCADE,
        related_name="references",
        verbose_name=_("activity"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    plan = models.ForeignKey(
        "plans.Plan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("plan"),
        help_text=_("Empty when the plan is another body's that the portal does not hold."),
    )
    plan_as_written = models.CharField(_("plan as written"), max_length=500, blank=True)
    number = models.CharField(
        _("item as written"), max_length=30, blank=True, help_text=_('E.g. "4.1.3" or "7".')
    )
    text_as_written = models.TextField(_("sentence as written"), blank=True)

    class Meta:
        verbose_name = _("plan reference")
        verbose_name_plural = _("plan references")
        ordering = ["activity", "position"]

    def __str__(self) -> str:
        return self.number or self.plan_as_written


class CompletionLevel(models.TextChoices):
    """The OGP Independent Reporting Mechanism's completion scale."""

    NO_EVIDENCE = "no_evidence", _("No evidence available")
    NOT_STARTED = "not_started", _("Not started")
    LIMITED = "limited", _("Limited")
    SUBSTANTIAL = "substantial", _("Substantial")
    COMPLETE = "complete", _("Complete")


class OpenGovernmentEffect(models.TextChoices):
    """The IRM's "Did it open government?" scale."""

    WORSENED = "worsened", _("Worsened")
    NO_CHANGE = "no_change", _("Did not change")
    MARGINAL = "marginal", _("Marginal")
    MAJOR = "major", _("Major")
    OUTSTANDING = "outstanding", _("Outstanding")


class AssessmentQuerySet(models.QuerySet):
    def published(self) -> "AssessmentQuerySet":
        return self.filter(state=Assessment.State.PUBLISHED)


class Assessment(models.Model):
    """An organisation's independent assessment of a measure (or sub-item) for a year."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("organisation"),
    )
    measure = models.ForeignKey(
        "plans.Measure",
        on_delete=models.PROTECT,
        related_name="civic_assessments",
        verbose_name=_("measure"),
    )
    sub_item = models.ForeignKey(
        "plans.SubItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="civic_assessments",
        verbose_name=_("sub-item"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    completion = models.CharField(_("completion"), max_length=16, choices=CompletionLevel.choices)
    opened_government = models.CharField(
        _("did it open government?"), max_length=16, choices=OpenGovernmentEffect.choices
    )
    text = models.TextField(_("assessment"))
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hidden by"),
    )

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("civil-society assessment")
        verbose_name_plural = _("civil-society assessments")
        ordering = ["measure", "year", "organisation", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "measure", "year"],
                condition=Q(sub_item__isnull=True),
                name="unique_assessment_of_measure",
            ),
            models.UniqueConstraint(
                fields=["organisation", "sub_item", "year"],
                condition=Q(sub_item__isnull=False),
                name="unique_assessment_of_sub_item",
            ),
            models.CheckConstraint(
                condition=Q(hidden_at__isnull=True) | ~Q(hidden_reason=""),
                name="assessment_hidden_with_reason",
            ),
        ]
        indexes = [
            # The measure page and the board: a measure's published assessments.
            models.Index(fields=["measure", "state"], name="assessment_measure_state"),
        ]

    def __str__(self) -> str:
        item = self.sub_item.number if self.sub_item_id else self.measure.number
        return f"{self.organisation} · {item} · {self.year}"

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def item_number(self) -> str:
        return self.sub_item.number if self.sub_item_id else self.measure.number


class Reply(models.Model):
    """An executor agency's one reply to a published assessment, and the organisation's one
    answer to it."""

    class Stance(models.TextChoices):
        AGREES = "agrees", _("Agrees")
        PARTLY = "partly", _("Partly agrees")
        DISAGREES = "disagrees", _("Disagrees")

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="replies", verbose_name=_("assessment")
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="civic_replies",
        verbose_name=_("agency"),
    )
    stance = models.CharField(_("the agency"), max_length=16, choices=Stance.choices)
    text = models.TextField(_("reply"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("replied"), auto_now_add=True)
    answer = models.TextField(_("the organisation's answer"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["assessment", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "agency"], name="one_reply_per_agency"),
        ]

    def __str__(self) -> str:
        return f"{self.agency} → {self.assessment}"


def civic_file_path(instance: "CivicFile", filename: str) -> str:
    return f"civic/{instance.organisation_id or 'agency'}/{filename}"


class CivicFile(models.Model):
    """An evidence file of an assessment or a reply, or a file of an activity; public with it.
    Its type is read from the content (reports.evidence)."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    assessment = models.ForeignKey(
        Assessment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="files",
        verbose_name=_("assessment"),
    )
    reply = models.ForeignKey(
        Reply,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="files",
        verbose_name=_("reply"),
    )
    activity = models.ForeignKey(
        MonitoringActivity,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="files",
        verbose_name=_("activity"),
    )
    file = models.FileField(_("file"), upload_to=civic_file_path)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"), default=0)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("civil-society file")
        verbose_name_plural = _("civil-society files")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(assessment__isnull=False, reply__isnull=True, activity__isnull=True)
                    | Q(assessment__isnull=True, reply__isnull=False, activity__isnull=True)
                    | Q(assessment__isnull=True, reply__isnull=True, activity__isnull=False)
                ),
                name="civic_file_belongs_to_one",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.file.name.rsplit("/", 1)[-1]


class ActivityLink(models.Model):
    activity = models.ForeignKey(
        MonitoringActivity,
        on_delete=models.CASCADE,
        related_name="links",
        verbose_name=_("activity"),
    )
    url = models.URLField(_("address"), max_length=500)
    title = models.CharField(_("title"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("activity link")
        verbose_name_plural = _("activity links")
        ordering = ["activity", "pk"]

    def __str__(self) -> str:
        return self.title or self.url


class ReplyWindow(models.Model):
    """How many days an executor has to reply after an assessment is published: per plan, or
    site-wide (no plan). Without a row the default is ``DEFAULT_DAYS``."""

    DEFAULT_DAYS = 30

    plan = models.OneToOneField(
        "plans.Plan",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("plan"),
    )
    days = models.PositiveSmallIntegerField(_("days to reply"), default=DEFAULT_DAYS)

    class Meta:
        verbose_name = _("reply window")
        verbose_name_plural = _("reply windows")
        constraints = [
            models.CheckConstraint(condition=Q(days__gte=1), name="reply_window_at_least_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.plan or _('site-wide')}: {self.days}"
