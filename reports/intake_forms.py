"""Forms of the secretariat's plan import: upload, map a name, confirm with a legal basis."""

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, AgencyCategory
from nap_portal.forms import ErrorSummaryMixin
from nap_portal.text import az_sorted
from plans.intake.reader import FileRefused, check_size
from plans.models import Plan


class UploadForm(ErrorSummaryMixin, forms.Form):
    file = forms.FileField(
        label=_("Plan file (XLSX or CSV)"),
        help_text=_("One row per priority, measure or sub-item, in the portal's template."),
    )
    plan = forms.ModelChoiceField(
        label=_("Plan"),
        queryset=Plan.objects.all(),
        required=False,
        empty_label=_("— a new plan —"),
        help_text=_("The plan the file updates; leave empty to create a new plan (a draft)."),
    )
    title = forms.CharField(label=_("New plan's title"), max_length=500, required=False)
    slug = forms.SlugField(
        label=_("New plan's address name"),
        max_length=100,
        required=False,
        help_text=_("Latin letters, digits and dashes, e.g. open-government-2024-2026."),
    )
    start_year = forms.IntegerField(
        label=_("New plan's first year"), min_value=1990, max_value=2100, required=False
    )
    end_year = forms.IntegerField(
        label=_("New plan's last year"), min_value=1990, max_value=2100, required=False
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_size(upload.size)  # before a byte of it is read
        except FileRefused as refused:
            raise forms.ValidationError(refused.message) from refused
        return upload

    def clean(self):
        data = super().clean()
        if data.get("plan") is None:
            for name in ("title", "slug", "start_year", "end_year"):
                if not data.get(name):
                    self.add_error(name, _("Needed for a new plan."))
            slug = data.get("slug")
            if slug and (Plan.objects.filter(slug=slug).exists() or slug != slugify(slug)):
                self.add_error("slug", _("A plan already has this address name."))
            start, end = data.get("start_year"), data.get("end_year")
            if start and end and start > end:
                self.add_error("end_year", _("The last year is before the first."))
        return data

    def new_plan(self) -> dict:
        data = self.cleaned_data
        if data.get("plan") is not None:
            return {}
        return {key: data[key] for key in ("title", "slug", "start_year", "end_year")}


class MapNameForm(ErrorSummaryMixin, forms.Form):
    """One executor name the registry does not know: another spelling, or a new agency."""

    name = forms.CharField(widget=forms.HiddenInput, max_length=255)
    agency = forms.ModelChoiceField(
        label=_("Another spelling of"),
        queryset=Agency.objects.none(),
        required=False,
        empty_label=_("— choose an agency —"),
    )
    category = forms.ModelChoiceField(
        label=_("or a new agency in the category"),
        queryset=AgencyCategory.objects.all(),
        required=False,
        empty_label=_("— choose a category —"),
    )

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        field.queryset = Agency.objects.all()
        if agencies is not None:
            field.choices = [("", field.empty_label)] + [(a.pk, a.name) for a in agencies]

    def clean(self):
        data = super().clean()
        if bool(data.get("agency")) == bool(data.get("category")):
            raise forms.ValidationError(_("Choose an agency or a category, one of the two."))
        return data


def agency_choices():
    return az_sorted(Agency.objects.only("pk", "name"))


class ConfirmForm(ErrorSummaryMixin, forms.Form):
    """Confirm the preview; a plan in force needs the legal basis of its amendment."""

    basis = forms.CharField(
        label=_("Legal basis (decree or order number)"), max_length=300, required=False
    )
    basis_date = forms.DateField(
        label=_("Date of the legal basis"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, needs_basis: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.needs_basis = needs_basis
        if needs_basis:
            self.fields["basis"].required = True
            self.fields["basis_date"].required = True
