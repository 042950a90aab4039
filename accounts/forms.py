from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.template import loader
from django.utils.translation import gettext_lazy as _

from reports import emails


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("The six digits your authenticator app shows now, or a recovery code."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )


class SetupForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the app"),
        max_length=10,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("What the token is for"),
        max_length=100,
        required=False,
        help_text=_("For example: the ministry's document system."),
    )
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=730, initial=365)
    username = forms.CharField(
        label=_("For user"),
        max_length=150,
        required=False,
        help_text=_("Secretariat only: issue the token to another user. Empty: to yourself."),
    )

    def clean_username(self):
        username = self.cleaned_data.get("username", "")
        if not username:
            return None
        try:
            return get_user_model().objects.get(username=username, is_active=True)
        except get_user_model().DoesNotExist:
            raise forms.ValidationError(_("No active user has this username.")) from None


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's password reset, its mail sent by the worker like every other mail of the
    portal (reports.emails.send), retried if the SMTP server refuses it."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ) -> None:
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        emails.send([(subject, body, [to_email])])
