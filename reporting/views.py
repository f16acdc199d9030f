"""The gemeente portal: dashboard, report requests and downloads, and the duiding.

Who may enter (decided here, once, in `portaal_gemeenten`):
- gemeente user: their own gemeente(n); another gemeente is 404, as if it did not exist;
- teamleider: the gemeenten their teams serve (to read the figures and write the duiding); no reports;
- beheerder: every gemeente; reports of every kind;
- professional: no portal (403 page).
Only disclosure-controlled aggregates are shown: no dossier, contact, jeugdige or pseudonym is reachable here.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse

from jgt_registratie.audit import Result, audit_record
from jgt_registratie.errors import Forbidden, InvalidInput
from jgt_registratie.models import Gemeente, Role
from reporting import dashboard
from reporting.forms import ALLE_GEMEENTEN, DuidingForm, RapportageAanvraagForm
from reporting.indicators import NAMEN
from reporting.periods import last_closed_quarter, periode_parse
from reporting.quality import findings, findings_summary
from reporting.report import duiding_get, duiding_text
from reporting.selectors import rapportages_for
from reporting.services import duiding_may_write, duiding_save, report_request

RAPPORTAGE_LIJST_MAX = 50


def portaal_gemeenten(user):
    """The gemeenten `user` may see in the portal, or None when the role has no portal."""
    if user.role == Role.GEMEENTE:
        return Gemeente.objects.filter(gebruikers=user).order_by("code")
    if user.role == Role.TEAMLEIDER:
        return Gemeente.objects.filter(teams__leden=user).distinct().order_by("code")
    if user.role == Role.BEHEERDER:
        return Gemeente.objects.order_by("code")
    return None


def _geen_toegang(request, reden: str):
    audit_record(user=request.user, action="lezen", object_type="gemeenteportaal", result=Result.GEWEIGERD,
                 detail={"pad": request.path[:200]})
    return render(request, "reporting/geen_toegang.html", {"reden": reden}, status=403)


def _niet_gevonden(request):
    audit_record(user=request.user, action="lezen", object_type="gemeenteportaal", result=Result.NIET_GEVONDEN,
                 detail={"pad": request.path[:200]})
    return render(request, "reporting/niet_gevonden.html", status=404)


GEEN_PORTAAL = "Het gemeenteportaal is er voor gemeenten, teamleiders en functioneel beheer. Uw rol heeft hier geen toegang."


@login_required
def dashboard_view(request):
    gemeenten = portaal_gemeenten(request.user)
    if gemeenten is None:
        return _geen_toegang(request, GEEN_PORTAAL)
    gemeenten = list(gemeenten)
    if not gemeenten:
        return _geen_toegang(request, "Uw account is aan geen gemeente gekoppeld. Vraag functioneel beheer dit te regelen.")
    code = request.GET.get("gemeente") or gemeenten[0].code
    gemeente = next((g for g in gemeenten if g.code == code), None)
    if gemeente is None:
        return _niet_gevonden(request)
    grafiek_code = request.GET.get("indicator") or "I01"
    if grafiek_code not in dashboard.KERNINDICATOREN:
        grafiek_code = "I01"
    periode = last_closed_quarter()
    trend = dashboard.series(periode.quarters_back(dashboard.TREND_KWARTALEN), gemeente, grafiek_code)
    jaren = dashboard.series([*periode.same_periode_earlier_years(dashboard.EERDERE_JAREN), periode], gemeente, grafiek_code)
    duiding = duiding_text(gemeente, periode)
    return render(request, "reporting/dashboard.html", {
        "gemeenten": gemeenten,
        "gemeente": gemeente,
        "periode": periode,
        "kerncijfers": dashboard.key_figures(periode, gemeente),
        "kernindicatoren": [(c, NAMEN[c]) for c in dashboard.KERNINDICATOREN],
        "grafiek_code": grafiek_code,
        "grafiek_naam": NAMEN[grafiek_code],
        "trend": trend,
        "trend_grafiek": dashboard.bar_chart(trend),
        "jaren": jaren,
        "jaren_grafiek": dashboard.bar_chart(jaren),
        "duiding": duiding,
        "mag_duiding_schrijven": duiding_may_write(request.user, gemeente),
        "mag_rapportages": request.user.role in (Role.GEMEENTE, Role.BEHEERDER),
    })


@login_required
def rapportages_view(request):
    user = request.user
    if user.role not in (Role.GEMEENTE, Role.BEHEERDER):
        return _geen_toegang(request, "Rapportages zijn er voor gemeenten en functioneel beheer; uw rol kan geen rapportages maken of downloaden.")
    gemeenten = list(portaal_gemeenten(user))
    mag_alles = user.role == Role.BEHEERDER
    initial = {"periode": last_closed_quarter().code, "soort": "indicatoren", "formaat": "xlsx"}
    form = RapportageAanvraagForm(request.POST or None, gemeenten=gemeenten, mag_alles=mag_alles, initial=initial)
    fouten = []
    status = 200
    if request.method == "POST":
        try:
            # The service validates everything (rights, period, kind, format); the form only reads the fields.
            gemeente = request.POST.get("gemeente", ALLE_GEMEENTEN)
            rapportage = report_request(user=user, soort=request.POST.get("soort", ""), periode=request.POST.get("periode", ""),
                                        gemeente=gemeente or None, formaat=request.POST.get("formaat", ""))
        except InvalidInput as exc:
            fouten = [reason for _, _, reason in exc.errors]
            for field, _, reason in exc.errors:
                if field in form.fields:
                    form.add_error(field, reason)
            status = 400
        except Forbidden as exc:
            fouten = [exc.detail]
            status = 403
        else:
            messages.success(request, f"De rapportage {rapportage.get_soort_display().lower()} {rapportage.periode} is aangevraagd en staat in de wachtrij.")
            return redirect(reverse("gemeente-rapportages"))
    lijst = list(rapportages_for(user).select_related("gemeente")[:RAPPORTAGE_LIJST_MAX])
    return render(request, "reporting/rapportages.html", {"form": form, "fouten": fouten, "rapportages": lijst}, status=status)


@login_required
def duiding_view(request, gemeente_code: str, periode: str):
    user = request.user
    gemeenten = portaal_gemeenten(user)
    if gemeenten is None:
        return _geen_toegang(request, GEEN_PORTAAL)
    gemeente = gemeenten.filter(code=gemeente_code).first()
    if gemeente is None:
        return _niet_gevonden(request)
    try:
        parsed = periode_parse(periode)
    except InvalidInput:
        return _niet_gevonden(request)
    if not duiding_may_write(user, gemeente):
        return _geen_toegang(request, "De duiding wordt geschreven door de teamleiders van de teams in deze gemeente en door functioneel beheer. "
                                      "U kunt haar lezen op het dashboard.")
    bestaand = duiding_get(gemeente, parsed)
    form = DuidingForm(request.POST or None, initial={"tekst": bestaand.tekst if bestaand else ""})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                duiding_save(user=user, gemeente=gemeente, periode=parsed.code, tekst=form.cleaned_data["tekst"])
            except InvalidInput as exc:
                for field, _, reason in exc.errors:
                    form.add_error("tekst" if field == "tekst" else None, reason)
            else:
                messages.success(request, f"De duiding voor {gemeente.naam}, {parsed.code} is opgeslagen.")
                return redirect(f"{reverse('gemeente-dashboard')}?gemeente={gemeente.code}")
        status = 400
    return render(request, "reporting/duiding.html", {"form": form, "gemeente": gemeente, "periode": parsed, "bestaand": bestaand}, status=status)


@login_required
def datakwaliteit(request):
    """The beheerder's data-quality check before a CBS export: findings as a list (object references only)."""
    if request.user.role != Role.BEHEERDER:
        audit_record(user=request.user, action="lezen", object_type="datakwaliteit", result=Result.GEWEIGERD)
        return render(request, "reporting/datakwaliteit.html", {"geweigerd": True}, status=403)
    found = findings()
    audit_record(user=request.user, action="lezen", object_type="datakwaliteit", detail={"bevindingen": len(found)})
    return render(request, "reporting/datakwaliteit.html", {"bevindingen": found, "samenvatting": findings_summary(found)})
