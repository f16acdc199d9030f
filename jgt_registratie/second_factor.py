"""The second factor at the web login (django-otp): a TOTP app, with recovery codes, and a reset by functioneel beheer.

Who needs one: `jgt_registratie.rights.second_factor_required` (teamleider, gemeente, beheerder; professionals while
`OTP_VERPLICHT_VOOR_PROFESSIONALS` is on), and anyone who has set one up anyway.

The flow: the password logs a person in (`/inloggen`), but until the second factor is passed every page is closed
(`SecondFactorMiddleware`): a person without a confirmed app is sent to enrolment (`/inloggen/tweede-factor/instellen`:
QR code as inline SVG, the key as text, a first code confirms it and ten recovery codes are shown once), a person
with one to the code page (`/inloggen/tweede-factor`: the app's 6 digits, or one unused recovery code). The API
answers such a half-logged-in session 403 problem+json. API tokens are a factor of their own (see
`jgt_registratie.api.authentication`).

Every change is a service here (audited; a refusal audited once at its boundary): confirming enrolment, a code at
login, new recovery codes, the beheerder's reset. Wrong codes are slowed down by django-otp's throttling
(exponential back-off per device), which is kept even when the code is refused.
"""

import re
from dataclasses import dataclass
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from jgt_registratie import rights
from jgt_registratie.audit import Action, audit_record, audit_refusals
from jgt_registratie.errors import Conflict, Forbidden, InvalidInput

APP_NAME = "Authenticator-app"
RECOVERY_NAME = "Herstelcodes"
#: the URL names a half-logged-in person may still open (namespaced for the beheer site)
OPEN_VIEWS = frozenset({"login", "logout", "tweede-factor", "tweede-factor-instellen", "beheer:logout"})


# --- state -------------------------------------------------------------------------------------------------------


def has_app(user) -> bool:
    """Has this person a confirmed TOTP app?"""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def needs_code(user) -> bool:
    """Must this person pass a second factor at login: by role, or because they set one up?"""
    return rights.second_factor_required(user) or has_app(user)


def pending(request) -> bool:
    """Logged in with the password, but the required second factor not passed yet (cached per request)."""
    if not hasattr(request, "_tweede_factor_open"):
        user = getattr(request, "user", None)
        verified = getattr(user, "is_verified", None)
        request._tweede_factor_open = bool(
            user is not None and user.is_authenticated and verified is not None and not verified() and needs_code(user))
    return request._tweede_factor_open


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def enrolment_device(user) -> TOTPDevice:
    """The unconfirmed app of an enrolment in progress: made once, so a reload shows the same QR code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_NAME, confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """The key as a person types it into an app: base32 in groups of four."""
    from base64 import b32encode

    key = b32encode(device.bin_key).decode()
    return " ".join(key[i:i + 4] for i in range(0, len(key), 4))


def qr_svg(data: str) -> str:
    """An inline SVG QR code (no image request, no external service)."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    svg = image.to_string(encoding="unicode")
    return svg.replace("<svg ", '<svg class="app-qr" role="img" aria-label="QR-code om uw authenticator-app te koppelen" ', 1) \
              .replace(' id="qr-path"', "")


def normalise(code: str) -> str:
    return re.sub(r"[\s-]", "", str(code or "")).lower()


# --- services ----------------------------------------------------------------------------------------------------

WRONG_APP_CODE = "Deze code klopt niet. Vul de 6 cijfers in die uw app nu toont."
WRONG_CODE = "Deze code klopt niet. Vul de 6 cijfers in die uw app nu toont, of een ongebruikte herstelcode."


def _replace_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.OTP_HERSTELCODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@dataclass(frozen=True)
class Enrolled:
    device: TOTPDevice
    recovery_codes: list[str]


@audit_refusals(Action.TWEEDE_FACTOR_INSTELLEN, "gebruiker")
def confirm_enrolment(*, user, code: str) -> Enrolled:
    """The first code from the app confirms it; the recovery codes are made at the same time (shown once)."""
    code = normalise(code)
    if not re.fullmatch(r"[0-9]{6}", code):
        raise InvalidInput.one("code", "ongeldige_code", "Vul de 6 cijfers in die uw app toont, zonder letters.")
    with transaction.atomic(durable=True):
        if has_app(user):
            raise Conflict("U hebt al een tweede factor ingesteld.")
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("pk").first()
        if device is None:
            raise InvalidInput.one("code", "geen_koppeling", "Er is geen koppeling in behandeling. Open de pagina opnieuw.")
        if device.verify_token(code):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            codes = _replace_recovery_codes(user)
            audit_record(user=user, action=Action.TWEEDE_FACTOR_INSTELLEN, object_type="gebruiker", object_id=user.pk,
                         detail={"herstelcodes": len(codes)})
            return Enrolled(device, codes)
    # raised after the commit, so the device's failure count (throttling) is kept
    raise Forbidden(WRONG_APP_CODE, extra={"reden": "onjuiste_code"})


@dataclass(frozen=True)
class Verified:
    device: TOTPDevice | StaticDevice
    recovery_code: bool
    recovery_codes_left: int


@audit_refusals(Action.TWEEDE_FACTOR, "gebruiker")
def verify_code(*, user, code: str) -> Verified:
    """A code at login: 6 digits go to the app, anything else to the recovery codes (each works once)."""
    code = normalise(code)
    if not code:
        raise InvalidInput.one("code", "verplicht", "Vul de code in.")
    is_app_code = bool(re.fullmatch(r"[0-9]{6}", code))
    wait = 0
    with transaction.atomic(durable=True):
        model = TOTPDevice if is_app_code else StaticDevice
        for device in model.objects.select_for_update().filter(user=user, confirmed=True).order_by("pk"):
            allowed, info = device.verify_is_allowed()
            if not allowed:
                wait = max(wait, int((info["locked_until"] - timezone.now()).total_seconds()) + 1 if "locked_until" in info else 1)
                continue
            if device.verify_token(code):
                left = recovery_codes_left(user)
                audit_record(user=user, action=Action.TWEEDE_FACTOR, object_type="gebruiker", object_id=user.pk,
                             detail={"middel": "app" if is_app_code else "herstelcode"} | ({} if is_app_code else {"herstelcodes_over": left}))
                return Verified(device, not is_app_code, left)
    # raised after the commit, so the devices' failure counts (throttling) are kept
    if wait:
        raise Forbidden(f"Te veel onjuiste codes achter elkaar. Wacht {wait} seconden en probeer het dan opnieuw.",
                        extra={"reden": "te_vaak"})
    raise Forbidden(WRONG_APP_CODE if is_app_code and not StaticDevice.objects.filter(user=user).exists() else WRONG_CODE,
                    extra={"reden": "onjuiste_code"})


@audit_refusals(Action.HERSTELCODES_MAKEN, "gebruiker")
@transaction.atomic(durable=True)
def new_recovery_codes(*, user) -> list[str]:
    """Ten new recovery codes; the old ones stop working."""
    if not has_app(user):
        raise Conflict("Stel eerst een tweede factor in; daarna maakt u herstelcodes.")
    codes = _replace_recovery_codes(user)
    audit_record(user=user, action=Action.HERSTELCODES_MAKEN, object_type="gebruiker", object_id=user.pk, detail={"herstelcodes": len(codes)})
    return codes


@audit_refusals(Action.TWEEDE_FACTOR_RESETTEN, "gebruiker", object_kwarg="target")
@transaction.atomic(durable=True)
def reset_second_factor(*, user, target) -> int:
    """Functioneel beheer removes a person's app and recovery codes (a lost phone): they enrol again at the next
    login, and a session verified with the old app is verified no longer."""
    rights.check(user, rights.Capability.BEHEER)
    removed = TOTPDevice.objects.filter(user=target).delete()[1].get(TOTPDevice._meta.label, 0)
    StaticDevice.objects.filter(user=target).delete()
    audit_record(user=user, action=Action.TWEEDE_FACTOR_RESETTEN, object_type="gebruiker", object_id=target.pk,
                 detail={"gebruikersnaam": target.username, "apps": removed})
    return removed


# --- the web: closed pages until the second factor is passed -------------------------------------------------


def page_for(user) -> str:
    """Where a half-logged-in person goes: the code page, or enrolment when they have no app yet."""
    return "tweede-factor" if has_app(user) else "tweede-factor-instellen"


class SecondFactorMiddleware:
    """Closes every page (and the API for a session) to a person who passed the password but not the second factor.

    Placed after django-otp's `OTPMiddleware` (which knows whether the session passed it). Web pages redirect to the
    code page or to enrolment, keeping `next`; the API answers 403 problem+json. Public views (`web.public`: no data)
    stay open."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.resolver_match.view_name in OPEN_VIEWS or getattr(view_func, "public", False) or not pending(request):
            return None
        if request.path.startswith("/api/"):
            from jgt_registratie.api.problems import PROBLEM_CONTENT_TYPE, problem

            return JsonResponse(problem(403, "Inloggen is niet afgerond: vul eerst de code van uw tweede factor in op /inloggen/tweede-factor."),
                                status=403, content_type=PROBLEM_CONTENT_TYPE)
        return redirect(f"{reverse(page_for(request.user))}?{urlencode({'next': request.get_full_path()})}")


def context(request) -> dict:
    """Template context: `tweede_factor_open` (the page shell then shows no menu and no session timer)."""
    return {"tweede_factor_open": pending(request)}
