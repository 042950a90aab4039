from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from operations.models import AuditEvent
from plans.models import Plan

from .evidence import validate_upload
from .models import ImplementationStatus, ProgressReport, ReportingPeriod


class ReportForm(forms.Form):
    """An agency's report text; the service does the saving."""

    status = forms.ChoiceField(
        label=_("Implementation status"),
        choices=[("", _("— not stated —")), *ImplementationStatus.choices],
        required=False,
    )
    works_done = forms.CharField(
        label=_("Works done"),
        widget=forms.Textarea(attrs={"rows": 14}),
        required=False,
        help_text=_("Plain text. Leave an empty line between paragraphs."),
    )
    # The version the form was loaded from (0 for a report not saved yet): a save based on
    # an older version is refused, never silently applied.
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class EvidenceForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255, required=False)
    url = forms.URLField(label=_("Link"), max_length=1000, required=False, assume_scheme="https")
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("PDF, DOCX, XLSX, PNG or JPEG; at most 10 MB."),
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            validate_upload(upload)
        return upload

    def clean(self):
        data = super().clean()
        if bool(data.get("url")) == bool(data.get("file")):
            raise forms.ValidationError(_("Give either a link or a file."))
        return data


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What the agency must fix"), widget=forms.Textarea(attrs={"rows": 5})
    )


class CorrectionForm(forms.Form):
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
