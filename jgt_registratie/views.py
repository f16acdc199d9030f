from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from jgt_registratie import second_factor
from jgt_registratie.errors import DomainError
from jgt_registratie.forms import CodeForm
from jgt_registratie.web import login_only


@login_only
def home(request):
    return render(request, "jgt_registratie/home.html")


# --- the second factor (see jgt_registratie.second_factor) ---------------------------------------------------


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return "/"


def _passed(request, device) -> None:
    """The session passed the second factor: a new session key (no fixation), then django-otp's mark."""
    request.session.cycle_key()
    otp_login(request, device)
    request._tweede_factor_open = False  # this request's pages may show the menu again


@login_only
@require_http_methods(["GET", "POST"])
def tweede_factor(request):
    """The code page after the password: the app's 6 digits or one unused recovery code."""
    if not second_factor.pending(request):
        return redirect(_next(request))
    if not second_factor.has_app(request.user):
        return redirect(f"{reverse('tweede-factor-instellen')}?{request.GET.urlencode()}")
    help_text = "De 6 cijfers die uw authenticator-app nu toont. Geen toegang tot de app? Vul een van uw herstelcodes in."
    form = CodeForm(request.POST or None, help_text=help_text)
    if request.method == "POST" and form.is_valid():
        try:
            verified = second_factor.verify_code(user=request.user, code=form.cleaned_data["code"])
        except DomainError as exc:
            form.refuse(exc.detail)
        else:
            _passed(request, verified.device)
            if verified.recovery_code:
                level = messages.WARNING if verified.recovery_codes_left <= 3 else messages.INFO
                messages.add_message(request, level, f"U hebt een herstelcode gebruikt; die werkt niet nog eens. U hebt er nog "
                                     f"{verified.recovery_codes_left} over. Nieuwe maakt u op de pagina Tweede factor.")
            return redirect(_next(request))
    return render(request, "registration/tweede_factor.html", {"form": form, "next": _next(request)}, status=400 if form.errors else 200)


@login_only
@require_http_methods(["GET", "POST"])
def tweede_factor_instellen(request):
    """Enrolment: scan the QR code (or type the key), confirm with a first code, keep the recovery codes."""
    if second_factor.has_app(request.user):
        if second_factor.pending(request):
            return redirect(f"{reverse('tweede-factor')}?{request.GET.urlencode()}")
        messages.info(request, "U hebt al een tweede factor ingesteld.")
        return redirect("tweede-factor-account")
    device = second_factor.enrolment_device(request.user)
    form = CodeForm(request.POST or None, label="Code uit de app", numeric=True, help_text="De 6 cijfers die de app toont nadat u de code hebt gescand.")
    if request.method == "POST" and form.is_valid():
        try:
            enrolled = second_factor.confirm_enrolment(user=request.user, code=form.cleaned_data["code"])
        except DomainError as exc:
            form.refuse(exc.detail)
        else:
            _passed(request, enrolled.device)
            return render(request, "registration/herstelcodes.html", {"codes": enrolled.recovery_codes, "next": _next(request), "nieuw": True})
    return render(request, "registration/tweede_factor_instellen.html", {
        "form": form, "next": _next(request), "qr": second_factor.qr_svg(device.config_url),
        "sleutel": second_factor.secret_text(device), "verplicht": second_factor.needs_code(request.user),
    }, status=400 if form.errors else 200)


@login_only
@require_http_methods(["GET", "POST"])
def tweede_factor_account(request):
    """A person's own second factor: set up or not, recovery codes left, new recovery codes."""
    has_app = second_factor.has_app(request.user)
    if request.method == "POST":
        try:
            codes = second_factor.new_recovery_codes(user=request.user)
        except DomainError as exc:
            messages.error(request, exc.detail)
            return redirect("tweede-factor-account")
        return render(request, "registration/herstelcodes.html", {"codes": codes, "next": "/", "nieuw": False})
    return render(request, "registration/tweede_factor_account.html", {
        "heeft_app": has_app, "herstelcodes_over": second_factor.recovery_codes_left(request.user),
        "verplicht": second_factor.needs_code(request.user),
    })
