"""Forms of the civil-society workspace: they validate and normalise; the services save."""

from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from nap_portal.forms import ErrorSummaryMixin
from plans.models import Measure, Plan

from .models import CompletionLevel, OpenGovernmentEffect, Reply


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several evidence files in one input (each checked by reports.evidence in the service)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


FILES_HELP = _("PDF, DOCX, XLSX, PNG or JPEG, at most 10 MB each; public with the text.")


class MeasureChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, measure: Measure) -> str:
        return f"{measure.plan.title[:60]} · {measure.number} {measure.title[:90]}"


class AssessmentForm(ErrorSummaryMixin, forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None)
    measure = MeasureChoiceField(label=_("Measure"), queryset=None)
    sub_item = forms.CharField(
        label=_("Sub-item (optional)"),
        required=False,
        max_length=30,
        help_text=_('Its number as the plan writes it, e.g. "4.1.3".'),
    )
    year = forms.TypedChoiceField(label=_("Year assessed"), coerce=int, choices=())
    completion = forms.ChoiceField(
        label=_("Completion"), choices=CompletionLevel.choices, widget=forms.RadioSelect
    )
    opened_government = forms.ChoiceField(
        label=_("Did it open government?"),
        choices=OpenGovernmentEffect.choices,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Your assessment"), widget=forms.Textarea(attrs={"rows": 10}), max_length=20000
    )
    files = MultipleFileField(label=_("Evidence files"), help_text=FILES_HELP)

    def __init__(self, *args, organisations, measures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        ids = list(organisations.values_list("pk", flat=True)[:2])
        if len(ids) == 1:
            self.fields["organisation"].initial = ids[0]
        self.fields["measure"].queryset = measures.select_related("plan").order_by(
            "plan__title", "sort_key"
        )
        plans = Plan.objects.exclude(status=Plan.Status.DRAFT)
        years = sorted({y for plan in plans for y in plan.years}, reverse=True)
        self.fields["year"].choices = [("", "—"), *[(y, str(y)) for y in years]]

    def clean_sub_item(self):
        number = self.cleaned_data.get("sub_item", "").strip()
        measure = self.cleaned_data.get("measure")
        if not number:
            return None
        if measure is None:
            return number
        sub_item = measure.sub_items.filter(number=number).first()
        if sub_item is None:
            raise forms.ValidationError(_("This measure has no sub-item with that number."))
        return sub_item


class ReplyForm(ErrorSummaryMixin, forms.Form):
    agency = forms.ModelChoiceField(label=_("Reply for"), queryset=Agency.objects.none())
    stance = forms.ChoiceField(
        label=_("The agency"), choices=Reply.Stance.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Your reply"), widget=forms.Textarea(attrs={"rows": 8}), max_length=20000
    )
    files = MultipleFileField(label=_("Evidence files"), help_text=FILES_HELP)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        ids = list(agencies.values_list("pk", flat=True)[:2])
        if len(ids) == 1:
            self.fields["agency"].initial = ids[0]


class AnswerForm(ErrorSummaryMixin, forms.Form):
    text = forms.CharField(
        label=_("Your answer to the reply"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,
        help_text=_("Your organisation may answer once; the answer is public."),
    )


class HideForm(ErrorSummaryMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why it is hidden"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("Shown to the public in the assessment's place, and kept in the audit trail."),
    )


class ReplyWindowForm(ErrorSummaryMixin, forms.Form):
    plan = forms.ModelChoiceField(
        label=_("Plan"),
        queryset=Plan.objects.all(),
        required=False,
        empty_label=_("Every plan (site-wide)"),
    )
    days = forms.IntegerField(label=_("Days to reply"), min_value=1, max_value=365)
