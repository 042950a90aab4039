import re
from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from agencies.models import Agency
from nap_portal.content_language import localized_sorted, localized_text
from nap_portal.forms import ErrorSummaryMixin
from nap_portal.grammar import number, year_in_text
from operations.models import AuditEvent
from plans.models import Plan

from .evidence import validate_upload
from .models import Evidence, ImplementationStatus, ProgressReport, ReportingPeriod
from .services import INDICATOR_VALUE_LIMIT, indicator_field, sub_item_field

PUBLIC, INTERNAL = "public", "internal"


class PlanChoiceField(forms.ModelChoiceField):
    """Plans named in the reader's language (nap_portal.content_language)."""

    def label_from_instance(self, obj) -> str:
        return localized_text(obj, "title")


def parsenumber(raw: str) -> Decimal:
    """A number as people type it: "1 250,5", "1250.5", "-3"; ``ValueError`` if it is none.

    A comma is the decimal sign in Azerbaijani; spaces group thousands."""
    text = re.sub(r"[\s\u00a0\u202f]", "", raw or "")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    if not re.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)", text):
        raise ValueError(raw)
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(raw) from None
    if abs(value) >= INDICATOR_VALUE_LIMIT or value != value.quantize(Decimal("0.0001")):
        raise ValueError(raw)
    return value


class IndicatorValueField(forms.CharField):
    """The value an indicator reached: typed as text (nothing typed is lost), cleaned to a
    ``Decimal`` or ``None``."""

    default_error_messages = {
        "invalid": _(
            "Enter the value as a number, e.g. 125 or 12,5 (at most four digits after the "
            "decimal sign)."
        ),
    }

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        if len(text) > 40:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            return parsenumber(text)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class ReportTextarea(forms.Textarea):
    """The text right after the tag, exactly as typed (as the form was written by hand)."""

    template_name = "reports/widgets/textarea.html"


class ReportForm(ErrorSummaryMixin, forms.Form):
    """An agency's report text, status and evidence in one form: one save keeps them all, or,
    when anything is refused, none (the text comes back with the message at its field).
    The service does the saving."""

    status = forms.ChoiceField(
        label=_("Implementation status"),
        choices=[("", _("— not stated —")), *ImplementationStatus.choices],
        required=False,
    )
    works_done = forms.CharField(
        label=_("Works done"),
        widget=ReportTextarea(attrs={"rows": 14}),
        required=False,
        help_text=_("Plain text. Leave an empty line between paragraphs."),
    )
    # The version the form was loaded from (0 for a report not saved yet): a save based on
    # an older version is refused, never silently applied.
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    evidence_title = forms.CharField(
        label=_("Title of the link or file"), max_length=255, required=False
    )
    evidence_url = forms.URLField(
        label=_("Link"), max_length=1000, required=False, assume_scheme="https"
    )
    evidence_file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("PDF, DOCX, XLSX, PNG or JPEG; at most 10 MB."),
    )
    evidence_visibility = forms.ChoiceField(
        label=_("Who may see it"),
        choices=[
            (PUBLIC, _("Public")),
            (INTERNAL, _("Internal: the agency and the secretariat only")),
        ],
        widget=forms.RadioSelect,
        required=False,
        help_text=_(
            "Public means that anyone can open or download it on the measure's public page "
            "once the secretariat publishes the report. Choose internal for lists of "
            "participants, personal data or drafts."
        ),
    )
    remove_evidence = forms.ModelMultipleChoiceField(
        label=_("Remove when saving"),
        queryset=Evidence.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args,
        report: ProgressReport | None = None,
        indicators=(),
        sub_items=(),
        year: int | None = None,
        **kwargs,
    ):
        """``report``: the report edited (``None`` for one not saved yet); ``indicators``: the
        measure's numeric indicators (targets loaded), each asking for the value reached in
        ``year``; ``sub_items``: the measure's sub-items in tree order (``depth`` set), each
        with a status and a text."""
        super().__init__(*args, **kwargs)
        self.report = report
        if report is not None:
            self.fields["remove_evidence"].queryset = report.evidence.all()
        self.indicators = list(indicators)
        self.sub_items = list(sub_items)
        for indicator in self.indicators:
            self.fields[indicator_field(indicator.pk)] = IndicatorValueField(
                label=indicator.text,
                required=False,
                help_text=_indicator_help(indicator, year),
                widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "input-number"}),
            )
        for item in self.sub_items:
            self.fields[sub_item_field(item.pk, "status")] = forms.ChoiceField(
                label=_("Status of %(number)s") % {"number": item.number},
                choices=[("", _("— not stated —")), *ImplementationStatus.choices],
                required=False,
            )
            self.fields[sub_item_field(item.pk, "text")] = forms.CharField(
                label=_("What was done on %(number)s") % {"number": item.number},
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
            )

    def _parts_given(self) -> bool:
        return any(value not in (None, "") for value in self.typed_parts().values())

    def indicator_rows(self) -> list[tuple]:
        """``(indicator, bound field)`` for the template."""
        return [(i, self[indicator_field(i.pk)]) for i in self.indicators]

    def sub_item_rows(self) -> list[tuple]:
        """``(sub-item, status field, text field)`` for the template, in tree order."""
        return [
            (item, self[sub_item_field(item.pk, "status")], self[sub_item_field(item.pk, "text")])
            for item in self.sub_items
        ]

    def indicator_values(self) -> dict:
        """``services.save_report``'s ``indicator_values``."""
        return {i.pk: self.cleaned_data.get(indicator_field(i.pk)) for i in self.indicators}

    def sub_item_lines(self) -> dict:
        """``services.save_report``'s ``sub_item_lines``."""
        data = self.cleaned_data
        return {
            item.pk: (
                data.get(sub_item_field(item.pk, "status")) or "",
                data.get(sub_item_field(item.pk, "text")) or "",
            )
            for item in self.sub_items
        }

    def typed_parts(self) -> dict:
        """What the user typed in the indicator and sub-item fields, as a form's initial."""
        names = [indicator_field(i.pk) for i in self.indicators] + [
            sub_item_field(item.pk, part) for item in self.sub_items for part in ("status", "text")
        ]
        return {name: self[name].value() for name in names}

    def clean_evidence_file(self):
        upload = self.cleaned_data.get("evidence_file")
        if upload:
            validate_upload(upload)
        return upload

    def clean(self):
        data = super().clean()
        text = (data.get("works_done") or "").strip()
        adds = bool(data.get("evidence_url") or data.get("evidence_file"))
        if "evidence_file" in self.errors or "evidence_url" in self.errors:
            return data  # that field's message is the one problem
        if adds and not data.get("evidence_visibility"):
            self.add_error(
                "evidence_visibility", _("Choose whether the link or file is public or internal.")
            )
        elif data.get("evidence_title") and not adds:
            self.add_error("evidence_url", _("Give the link, or choose the file, to attach."))
        if "works_done" in self.errors or text:
            return data
        if self.data.get("action") == "submit":
            self.add_error("works_done", _("Describe the works done before submitting."))
        elif self.report is None and not (data.get("status") or adds or self._parts_given()):
            self.add_error(
                "works_done", _("Write the works done before saving: an empty report is not saved.")
            )
        return data

    def new_evidence(self) -> list[dict]:
        """The links and files to attach, as keyword arguments of ``services.add_evidence``."""
        data = self.cleaned_data
        common = {
            "title": data["evidence_title"],
            "is_public": data["evidence_visibility"] == PUBLIC,
        }
        items = []
        if data["evidence_url"]:
            items.append({**common, "url": data["evidence_url"]})
        if data["evidence_file"]:
            items.append({**common, "file": data["evidence_file"]})
        return items


def _indicator_help(indicator, year: int | None) -> str:
    """Unit, baseline and the year's target of a numeric indicator, in one line."""
    parts = []
    if indicator.unit:
        parts.append(_("Unit: %(unit)s") % {"unit": indicator.unit})
    if indicator.baseline is not None:
        baseline = number(indicator.baseline)
        if indicator.baseline_year:
            parts.append(
                _("baseline %(value)s (%(year)s)")
                % {"value": baseline, "year": indicator.baseline_year}
            )
        else:
            parts.append(_("baseline %(value)s") % {"value": baseline})
    target = next((t for t in indicator.targets.all() if t.year == year), None)
    if target is not None:
        parts.append(
            _("target for %(year)s: %(value)s")
            % {"year": year_in_text(year), "value": number(target.value)}
        )
    parts.append(_("Give the value reached in the year reported on."))
    return (
        "; ".join(str(part) for part in parts[:-1])
        + (". " if len(parts) > 1 else "")
        + str(parts[-1])
    )


class EvidenceForm(forms.Form):
    """A link or a file on its own (``reports:add_evidence``, for clients that post one);
    the report form attaches evidence together with the text."""

    title = forms.CharField(label=_("Title"), max_length=255, required=False)
    url = forms.URLField(label=_("Link"), max_length=1000, required=False, assume_scheme="https")
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("PDF, DOCX, XLSX, PNG or JPEG; at most 10 MB."),
    )
    # Absent, the evidence is public, as the service's default and all evidence before the
    # choice existed.
    visibility = forms.ChoiceField(choices=[(PUBLIC, PUBLIC), (INTERNAL, INTERNAL)], required=False)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            validate_upload(upload)
        return upload

    def clean(self):
        data = super().clean()
        if "file" in self.errors or "url" in self.errors:
            return data  # that field's message is the one problem
        if bool(data.get("url")) == bool(data.get("file")):
            raise forms.ValidationError(_("Give either a link or a file."))
        return data

    def evidence(self) -> dict:
        """Keyword arguments of ``services.add_evidence``."""
        data = self.cleaned_data
        return {
            "title": data["title"],
            "url": data["url"],
            "file": data["file"],
            "is_public": data["visibility"] != INTERNAL,
        }


class SignatureForm(ErrorSummaryMixin, forms.Form):
    """Who signs the agency's report for a period, and the outgoing letter that sends it.
    The service (``services.sign_agency_report``) says what is missing or wrong."""

    signatory_name = forms.CharField(
        label=_("Name of the signatory"),
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    signatory_position = forms.CharField(
        label=_("Position"),
        max_length=500,
        required=False,
        help_text=_(
            "As it is written above the signature, e.g. “Deputy head of the executive authority”."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    signed_on = forms.DateField(
        label=_("Date of the signature"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    letter_number = forms.CharField(
        label=_("Outgoing letter number"),
        max_length=100,
        required=False,
        help_text=_("The number your agency gave the covering letter, e.g. “1/2345”."),
    )
    letter_date = forms.DateField(
        label=_("Outgoing letter date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class ReturnForm(ErrorSummaryMixin, forms.Form):
    comment = forms.CharField(
        label=_("What the agency must fix"), widget=forms.Textarea(attrs={"rows": 5})
    )


class ClarificationForm(ErrorSummaryMixin, forms.Form):
    """A message in a report's thread (services.post_clarification)."""

    text = forms.CharField(
        label=_("Your message"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text=_(
            "Seen only by the agency and the secretariat; it does not change the report or "
            "return it."
        ),
    )


class ExtensionForm(ErrorSummaryMixin, forms.Form):
    """One agency's later due date in a period (services.extend_deadline)."""

    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none())
    due_date = forms.DateField(
        label=_("Extended due date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(
        label=_("Reason for the extension"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, agencies=(), **kwargs):
        """``agencies``: those that owe reports in the period, in reading order."""
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        field.queryset = Agency.objects.filter(pk__in=[agency.pk for agency in agencies])
        names = ((a.pk, localized_text(a, "name")) for a in agencies)
        field.choices = [("", _("Choose an agency")), *names]


class CorrectionForm(ErrorSummaryMixin, forms.Form):
    status = ReportForm.base_fields["status"]
    works_done = forms.CharField(label=_("Works done"), widget=forms.Textarea(attrs={"rows": 14}))
    reason = forms.CharField(
        label=_("Reason for the correction"), widget=forms.Textarea(attrs={"rows": 3})
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class OpenPeriodForm(forms.Form):
    plan = PlanChoiceField(label=_("Plan"), queryset=Plan.objects.all())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    due_date = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        plan, year = data.get("plan"), data.get("year")
        if plan and year and not plan.start_year <= year <= plan.end_year:
            self.add_error("year", _("The year is outside the plan's years."))
        return data


class WorkspaceFilterForm(forms.Form):
    plan = PlanChoiceField(
        label=_("Plan"), queryset=Plan.objects.none(), required=False, empty_label=_("All plans")
    )
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[
            ("", _("All states")),
            ("not_started", pgettext_lazy("report state", "Not started")),
            ("missing", _("Missing")),
            *ProgressReport.State.choices,
        ],
    )

    def __init__(self, *args, plans=None, **kwargs):
        """``plans``: the plans the user may see named (reports.access.workspace_plans)."""
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans if plans is not None else Plan.objects.none()


def _queue_years() -> list[tuple[str, str]]:
    years = ReportingPeriod.objects.order_by("-year").values_list("year", flat=True).distinct()
    return [("", _("All years")), *((str(year), str(year)) for year in years)]


def _queue_agencies() -> list[tuple[str, str]]:
    agencies = (
        Agency.objects.active()
        .filter(reports__isnull=False)
        .distinct()
        .only("slug", "name", "name_en", "name_ru")
    )
    names = ((a.slug, localized_text(a, "name")) for a in localized_sorted(agencies))
    return [("", _("All agencies")), *names]


class ReviewFilterForm(WorkspaceFilterForm):
    """The secretariat's queue: which reports (plan, year, agency, state) in which order.
    The default, "waiting for review", is the submitted reports, first come first served;
    "next in queue" after an action follows the same filters and order."""

    year = forms.TypedChoiceField(
        label=_("Year"), choices=_queue_years, coerce=int, empty_value=None, required=False
    )
    agency = forms.ChoiceField(label=_("Agency"), choices=_queue_agencies, required=False)
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[
            ("", _("Waiting for review")),
            ("all", _("All states")),
            *ProgressReport.State.choices,
        ],
    )
    field_order = ["plan", "year", "agency", "state"]

    def _data(self) -> dict:
        return self.cleaned_data if self.is_bound and self.is_valid() else {}

    def _narrowed(self, reports: QuerySet) -> QuerySet:
        """``reports`` narrowed by plan, year and agency (not by state)."""
        data = self._data()
        if data.get("plan"):
            reports = reports.filter(period__plan=data["plan"])
        if data.get("year"):
            reports = reports.filter(period__year=data["year"])
        if data.get("agency"):
            reports = reports.filter(agency__slug=data["agency"])
        return reports

    def reports(self, reports: QuerySet) -> QuerySet:
        """``reports`` (already scoped to the user) as the queue shows them."""
        reports = self._narrowed(reports)
        state = self._data().get("state", "")
        if state == "":
            return reports.filter(state=ProgressReport.State.SUBMITTED).order_by(
                "submitted_at", "pk"
            )
        if state != "all":
            reports = reports.filter(state=state)
        return reports.order_by("-updated_at", "-pk")

    def next_report(self, reports: QuerySet, *, after: ProgressReport) -> ProgressReport | None:
        """The next report to act on with these filters: in a queue of accepted reports the
        latest accepted one (as the queue lists them); otherwise the submitted report waiting
        longest (the default queue's order). Never ``after`` itself."""
        queue = self._narrowed(reports).exclude(pk=after.pk)
        if self._data().get("state") == ProgressReport.State.ACCEPTED:
            queue = queue.filter(state=ProgressReport.State.ACCEPTED).order_by("-updated_at", "-pk")
        else:
            queue = queue.filter(state=ProgressReport.State.SUBMITTED).order_by(
                "submitted_at", "pk"
            )
        return queue.first()

    def values(self) -> dict[str, str]:
        """The valid filters that are set, by name (hidden inputs carry them along)."""
        if not (self.is_bound and self.is_valid()):
            return {}
        data = self.cleaned_data
        values = {
            "plan": str(data["plan"].pk) if data["plan"] else "",
            "year": str(data["year"] or ""),
            "agency": data["agency"],
            "state": data["state"],
        }
        return {key: value for key, value in values.items() if value}

    def query(self) -> str:
        """The valid filters as a query string (empty when none), to carry the queue along."""
        return urlencode(self.values())


class BulkSelectionForm(forms.Form):
    """The queue's checkboxes: the reports ticked, or every report on the page."""

    action = forms.ChoiceField(choices=[("accept", "accept"), ("publish", "publish")])
    report = forms.TypedMultipleChoiceField(coerce=int, required=False)
    on_page = forms.TypedMultipleChoiceField(coerce=int, required=False)
    select_all = forms.BooleanField(required=False)

    def __init__(self, *args, reports: QuerySet, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = reports
        # Any whole number is a valid choice; which ones exist is the queryset's business.
        for name in ("report", "on_page"):
            self.fields[name].valid_value = _is_id

    def selected(self) -> QuerySet:
        """The reports chosen, among those the user may read (ids of others are ignored)."""
        data = self.cleaned_data
        ids = data["on_page"] if data["select_all"] else data["report"]
        return self.scope.filter(pk__in=ids)


def _is_id(value) -> bool:
    return str(value).isdigit() and len(str(value)) < 12


class BulkConfirmForm(forms.Form):
    """The confirmation page's one POST: each report with the version the secretariat saw
    (``pk:version``), so a report changed meanwhile is refused, not acted on unseen."""

    action = forms.ChoiceField(choices=[("accept", "accept"), ("publish", "publish")])
    item = forms.MultipleChoiceField(required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].valid_value = lambda value: bool(_ITEM.fullmatch(str(value)))

    def clean_item(self) -> dict[int, int]:
        """Report id to the version confirmed."""
        pairs = (value.split(":") for value in self.cleaned_data["item"])
        return {int(pk): int(version) for pk, version in pairs}


_ITEM = re.compile(r"\d{1,11}:\d{1,11}")


class AuditFilterForm(forms.Form):
    """The audit page's search: who, what, which days."""

    who = forms.CharField(label=_("User"), required=False, max_length=150)
    action = forms.ChoiceField(
        label=_("Action"),
        required=False,
        choices=[("", _("All actions")), *AuditEvent.Action.choices],
    )
    text = forms.CharField(label=_("Object or details"), required=False, max_length=200)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def events(self):
        """The events matching the filters, newest first: all without filters, none while a
        filter is invalid (its message shows at the field)."""
        events = AuditEvent.objects.all()
        if not self.is_bound:
            return events
        if not self.is_valid():
            return events.none()
        return events.search(**self.cleaned_data)
