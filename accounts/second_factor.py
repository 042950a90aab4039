"""Who must pass a second factor, and the TOTP devices and recovery codes that provide it."""

import base64
import io

import qrcode
import qrcode.image.svg
from django.db import transaction
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from reports.access import is_secretariat

RECOVERY_CODE_COUNT = 10
HAS_DEVICE_KEY = "nap_has_otp_device"


def second_factor_required(request) -> bool:
    """The secretariat and every admin user must; agency staff must once they enrolled.

    Whether the user has a device is remembered in the session, so agency pages pay no query
    for it; enrolling updates it.
    """
    user = request.user
    if not user.is_authenticated:
        return False
    if user.is_staff or is_secretariat(user):
        return True
    if HAS_DEVICE_KEY not in request.session:
        request.session[HAS_DEVICE_KEY] = user_has_device(user)
    return request.session[HAS_DEVICE_KEY]


def remember_devices(sender, request, user, **kwargs) -> None:
    """On every login (Django's user_logged_in)."""
    request.session[HAS_DEVICE_KEY] = user_has_device(user)


def authenticator(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_authenticator(user) -> TOTPDevice:
    """The unconfirmed device being set up, created on first visit to the setup page."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def qr_svg(uri: str) -> str:
    """The otpauth URI as an inline SVG (no image service, no inline style)."""
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return svg[svg.index("<svg") :]


def secret_base32(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode()


@transaction.atomic
def confirm_authenticator(*, user, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm a new device with its first code: returns fresh recovery codes, or None."""
    if device.user_id != user.pk or not device.verify_token(token):
        return None
    TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return new_recovery_codes(user=user)


@transaction.atomic
def new_recovery_codes(*, user) -> list[str]:
    """Ten single-use codes for a lost phone; earlier codes stop working."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name="recovery", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def verify(user, token: str):
    """The device that accepts this code (an authenticator code or a recovery code), or None.

    Devices throttle wrong codes themselves; a recovery code is deleted when used.
    """
    token = "".join(token.split()).lower()
    if not token or len(token) > 16:
        return None
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            allowed, _ = device.verify_is_allowed()
            if allowed and device.verify_token(token):
                return device
    return None
