from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from nap_portal.forms import ErrorSummaryMixin
from operations.models import AuditEvent
from plans.models import Plan

from .evidence import validate_upload
from .models import Evidence, ImplementationStatus, ProgressReport, ReportingPeriod

PUBLIC, INTERNAL = "public", "internal"


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

    def __init__(self, *args, report: ProgressReport | None = None, **kwargs):
        """``report``: the report edited (``None`` for one not saved yet)."""
        super().__init__(*args, **kwargs)
        self.report = report
        if report is not None:
            self.fields["remove_evidence"].queryset = report.evidence.all()

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
        elif self.report is None and not (data.get("status") or adds):
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


class CorrectionForm(ErrorSummaryMixin, forms.Form):
    status = ReportForm.base_fields["status"]
    works_done = forms.CharField(label=_("Works done"), widget=forms.Textarea(attrs={"rows": 14}))
    reason = forms.CharField(
        label=_("Reason for the correction"), widget=forms.Textarea(attrs={"rows": 3})
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class OpenPeriodForm(forms.Form):
    plan = forms.ModelChoiceField(label=_("Plan"), queryset=Plan.objects.all())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    due_date = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        plan, year = data.get("plan"), data.get("year")
        if plan and year and not plan.start_year <= year <= plan.end_year:
            self.add_error("year", _("The year is outside the plan's years."))
        return data


class WorkspaceFilterForm(forms.Form):
    plan = forms.ModelChoiceField(
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


class ReviewFilterForm(WorkspaceFilterForm):
    period = forms.ModelChoiceField(
        label=_("Period"),
        queryset=ReportingPeriod.objects.select_related("plan").order_by("plan__title", "-year"),
        required=False,
        empty_label=_("All periods"),
    )
    agency = forms.CharField(label=_("Agency"), required=False, max_length=255)
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[
            ("", _("Waiting for review")),
            ("all", _("All states")),
            *ProgressReport.State.choices,
        ],
    )


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
