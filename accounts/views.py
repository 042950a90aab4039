"""The second factor (set up, verify, recovery codes) and API tokens."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from reports.access import is_secretariat

from . import second_factor, services
from .access import get_token_for_user, tokens_for_user
from .forms import CodeForm, SetupForm, TokenForm


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return settings.LOGIN_REDIRECT_URL


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """Ask for the authenticator's code (or a recovery code) after the password."""
    if request.user.is_verified():
        return redirect(_next(request))
    if second_factor.authenticator(request.user) is None:
        return redirect(f"{reverse('accounts:setup')}?{request.GET.urlencode()}")
    form = CodeForm(request.POST or None)
    if form.is_valid():
        device = second_factor.verify(request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                messages.warning(
                    request,
                    _("You used a recovery code; %(left)s remain. Each works only once.")
                    % {"left": device.token_set.count()},
                )
            return redirect(_next(request))
        form.add_error("code", _("This code is not valid. Wait for a new one and try again."))
    return render(request, "accounts/verify.html", {"form": form, "next": _next(request)})


@login_required
def setup(request: HttpRequest) -> HttpResponse:
    """Enroll an authenticator app: scan the code, type the first number it shows."""
    user = request.user
    if second_factor.authenticator(user) is not None and not user.is_verified():
        return redirect("accounts:second_factor")
    device = second_factor.pending_authenticator(user)
    form = SetupForm(request.POST or None)
    if form.is_valid():
        codes = second_factor.confirm_authenticator(
            user=user, device=device, token=form.cleaned_data["code"].strip()
        )
        if codes is not None:
            otp_login(request, device)
            request.session[second_factor.HAS_DEVICE_KEY] = True
            return render(
                request, "accounts/recovery_codes.html", {"codes": codes, "next": _next(request)}
            )
        form.add_error("code", _("This code is not valid. Check the phone's clock and try again."))
    uri = device.config_url
    context = {
        "form": form,
        "qr": second_factor.qr_svg(uri),
        "secret": second_factor.secret_base32(device),
        "uri": uri,
        "next": _next(request),
        "required": second_factor.second_factor_required(request),
    }
    return render(request, "accounts/setup.html", context)


@login_required
@require_POST
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes for a verified user; the old ones stop working."""
    if not request.user.is_verified():
        return redirect("accounts:second_factor")
    codes = second_factor.new_recovery_codes(user=request.user)
    context = {"codes": codes, "next": reverse("accounts:tokens")}
    return render(request, "accounts/recovery_codes.html", context)


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    """Your API tokens (the secretariat sees everyone's): issue and revoke."""
    form = TokenForm(request.POST or None)
    key = None
    if form.is_valid():
        owner = form.cleaned_data["username"] if is_secretariat(request.user) else None
        _token, key = services.issue_token(
            user=owner or request.user,
            name=form.cleaned_data["name"],
            days=form.cleaned_data["days"],
        )
        form = TokenForm()
    context = {
        "form": form,
        "key": key,
        "tokens": tokens_for_user(request.user)[:500],
        "secretariat": is_secretariat(request.user),
        "two_factor_on": second_factor.authenticator(request.user) is not None,
    }
    return render(request, "accounts/tokens.html", context)


@login_required
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_token_for_user(request.user, pk)
    services.revoke_token(token=token, by=request.user)
    messages.success(request, _("The token %(prefix)s… was revoked.") % {"prefix": token.prefix})
    return redirect("accounts:tokens")
