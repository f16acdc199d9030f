"""The gemeente portal: dashboard, report requests and downloads, the duiding and the beleidskader; the data-quality check.

Who may enter is the rights table's (`jgt_registratie.rights`), read through `@page` and the scope querysets:
- gemeente user: their own gemeente(n); another gemeente is 404, as if it did not exist;
- teamleider: the gemeenten their teams serve (to read the figures and write the duiding); no reports;
- beheerder: every gemeente; reports of every kind; the data-quality check;
- beleidskader: a gemeente user writes its own gemeente's texts (another gemeente's is 403, audited), the beheerder all;
- professional: no portal (403 page).
Only disclosure-controlled aggregates are shown: no dossier, contact, jeugdige or pseudonym is reachable here.
"""

from django.contrib import messages
from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from jgt_registratie import rights
from jgt_registratie.audit import Action, Result, audit_record, audit_refusal
from jgt_registratie.errors import Conflict, Forbidden, InvalidInput, NotFound, ServiceUnavailable
from jgt_registratie.models import Gemeente
from jgt_registratie.rights import Capability
from jgt_registratie.sessions import passief
from jgt_registratie.web import error_page, page
from reporting import dashboard
from reporting.forms import ALLE_GEMEENTEN, BeleidskaderTekstForm, DuidingForm, RapportageAanvraagForm
from reporting.indicators import NAMEN
from reporting.models import Beleidskader, BeleidskaderOnderwerp, Rapportage
from reporting.periods import EERSTE_JAAR, Periode, last_closed_quarter, periode_parse
from reporting.quality import findings, findings_summary
from reporting.report import duiding_get, duiding_text
from reporting.selectors import rapportage_get, rapportages_for, report_kinds_for
from reporting.services import (
    beleidskader_opslaan,
    duiding_may_write,
    duiding_save,
    report_may_publish,
    report_publish,
    report_request,
)
from reporting.verantwoording.rapport import nl
from reporting.verantwoording.scherm import stand as verantwoording_stand

RAPPORTAGE_LIJST_MAX = 50


#: refusals anywhere in the portal are audited under one object type
PORTAAL = "gemeenteportaal"


def _geen_toegang(request, reden: str):
    """A refusal inside the portal (the page's own right was granted, a narrower one was not)."""
    audit_refusal(user=request.user, action=Action.LEZEN, object_type=PORTAAL, result=Result.GEWEIGERD,
                  detail={"pad": request.path[:200]})
    return error_page(request, 403, reden)


def _niet_gevonden(request):
    audit_refusal(user=request.user, action=Action.LEZEN, object_type=PORTAAL, result=Result.NIET_GEVONDEN,
                  detail={"pad": request.path[:200]})
    return render(request, "reporting/niet_gevonden.html", status=404)


@page(Capability.PORTAL, object_type=PORTAAL)
def dashboard_view(request):
    gemeenten = list(rights.gemeenten_for(request.user, Capability.PORTAL))
    if not gemeenten:
        return _geen_toegang(request, "Uw account is aan geen gemeente gekoppeld. Vraag functioneel beheer dit te regelen.")
    code = request.GET.get("gemeente") or gemeenten[0].code
    gemeente = next((g for g in gemeenten if g.code == code), None)
    if gemeente is None:
        return _niet_gevonden(request)
    grafiek_code = request.GET.get("indicator") or "I01"
    if grafiek_code not in dashboard.KERNINDICATOREN:
        grafiek_code = "I01"
    standaard = last_closed_quarter()
    periode, periode_fout = standaard, ""
    if request.GET.get("periode"):
        try:
            periode = periode_parse(request.GET["periode"])
        except InvalidInput as exc:
            periode_fout = f"{exc.errors[0][2]} Getoond wordt {standaard.code}."
    eerste = dashboard.eerste_registratie(gemeente)
    cijfers = dashboard.figures(periode, gemeente, grafiek_code, eerste=eerste)
    trend, jaren = cijfers["trend"], cijfers["jaren"]
    duiding = duiding_text(gemeente, periode)
    return render(request, "reporting/dashboard.html", {
        "gemeenten": gemeenten,
        "gemeente": gemeente,
        "periode": periode,
        "periode_is_standaard": periode == standaard,
        "periode_fout": periode_fout,
        "periode_keuzes": dashboard.periode_keuzes(eerste, gekozen=periode),
        "geen_gegevens": not dashboard.heeft_gegevens(periode, eerste),
        "kerncijfers": cijfers["kerncijfers"],
        "kernindicatoren": [(c, NAMEN[c]) for c in dashboard.KERNINDICATOREN],
        "grafiek_code": grafiek_code,
        "grafiek_naam": NAMEN[grafiek_code],
        "trend": trend,
        "trend_grafiek": dashboard.bar_chart(trend),
        "jaren": jaren,
        "jaren_grafiek": dashboard.bar_chart(jaren),
        "duiding": duiding,
        "mag_duiding_schrijven": duiding_may_write(request.user, gemeente),
    })


@page(Capability.INDICATOR_REPORTS, object_type=PORTAAL)
def rapportages_view(request):
    user = request.user
    gemeenten = list(rights.gemeenten_for(user, Capability.INDICATOR_REPORTS))
    mag_alles = rights.reaches_every_gemeente(user, Capability.INDICATOR_REPORTS)
    initial = {"periode": last_closed_quarter().code, "soort": "indicatoren", "formaat": "xlsx"}
    form = RapportageAanvraagForm(request.POST or None, gemeenten=gemeenten, mag_alles=mag_alles, soorten=report_kinds_for(user),
                                  initial=initial)
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
        except ServiceUnavailable as exc:  # the report queue is away: nothing was stored, the form can be sent again
            fouten = [exc.detail]
            status = 503
        else:
            messages.success(request, f"De rapportage {rapportage.get_soort_display().lower()} {rapportage.periode} is aangevraagd en staat in de wachtrij.")
            return redirect(reverse("gemeente-rapportages"))
    return render(request, "reporting/rapportages.html", {"form": form, "fouten": fouten, "rapportages": _rapportage_lijst(user)}, status=status)


def _rapportage_lijst(user) -> list[Rapportage]:
    """The user's latest reports as the reports page shows them (its table, and the status the page polls)."""
    lijst = list(rapportages_for(user).select_related("gemeente")[:RAPPORTAGE_LIJST_MAX])
    mag_publiceren: dict[tuple, bool] = {}  # per soort and gemeente: one rights query each, not one per row
    for rapportage in lijst:
        sleutel = (rapportage.soort, rapportage.gemeente_id)
        if sleutel not in mag_publiceren:
            mag_publiceren[sleutel] = report_may_publish(user, rapportage)
        rapportage.mag_definitief = (rapportage.status == Rapportage.Status.GEREED and not rapportage.definitief
                                     and rapportage.bestand_verwijderd_op is None and mag_publiceren[sleutel])
        vergeleken = (rapportage.versie or 0) > 1 and rapportage.wijzigingen is not None and rapportage.wijzigingen.get("cellen") is not None
        rapportage.vergeleken = vergeleken
        rapportage.zinnen = [cel["zin"] for cel in rapportage.wijzigingen["cellen"]] if vergeleken else []
    return lijst


#: the statuses of a report that is still being made: the page keeps asking while any row has one
NOG_BEZIG = (Rapportage.Status.WACHTRIJ, Rapportage.Status.BEZIG)


@page(Capability.INDICATOR_REPORTS, object_type=PORTAAL)
def rapportages_status_view(request):
    """GET: the status of the reports on the reports page, as JSON for `reporting/static/reporting/rapportages.js`.

    Each row's cells come rendered by the page's own templates, so the page looks the same with and without script:
    `{"bijwerken": bool, "rapportages": [{"id", "status", "statusTekst", "voortgang", "cellen": {"status", "bestand",
    "versie"}}]}`. `bijwerken`: some report is still in the queue or being made. It does not extend the session
    (`jgt_registratie.sessions`)."""
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    passief(request)  # the page asks by itself: an unattended page must not keep the session alive
    lijst = _rapportage_lijst(request.user)
    rijen = [{
        "id": str(r.pk), "status": r.status, "statusTekst": r.get_status_display(), "voortgang": r.voortgang,
        "cellen": {veld: render_to_string(f"reporting/_rapportage_{veld}.html", {"r": r}, request=request).strip()
                   for veld in ("status", "bestand", "versie")},
    } for r in lijst]
    response = JsonResponse({"bijwerken": any(r.status in NOG_BEZIG for r in lijst), "rapportages": rijen})
    response["Cache-Control"] = "no-store"
    return response


@page(Capability.INDICATOR_REPORTS, object_type=PORTAAL, action=Action.RAPPORTAGE_DEFINITIEF)
def rapportage_definitief_view(request, rapportage_id):
    """POST only: publish a report from the reports page after the user ticked the confirmation; back to that page."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    user = request.user
    try:
        rapportage = rapportage_get(user, rapportage_id, action=Action.RAPPORTAGE_DEFINITIEF)
    except NotFound as exc:  # audited by the selector
        return render(request, "reporting/niet_gevonden.html", {"melding": exc.detail}, status=404)
    if request.POST.get("bevestig") != "ja":
        messages.error(request, "De rapportage is niet definitief gemaakt: vink eerst aan dat u begrijpt dat de cijfers daarna vastliggen.")
        return redirect(reverse("gemeente-rapportages"))
    try:
        rapportage = report_publish(user=user, rapportage=rapportage)
    except Conflict as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, f"De {rapportage.get_soort_display().lower()} {rapportage.periode} is definitief (versie {rapportage.versie}).")
    return redirect(reverse("gemeente-rapportages"))


@page(Capability.PORTAL, then=Capability.DUIDING, object_type=PORTAAL)
def duiding_view(request, gemeente_code: str, periode: str):
    """Write the duiding of a gemeente of the user's portal; any other gemeente is 404, as if it did not exist."""
    user = request.user
    gemeente = rights.gemeenten_for(user, Capability.PORTAL).filter(code=gemeente_code).first()
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


@page(Capability.VERANTWOORDING, object_type=PORTAAL)
def verantwoording_view(request):
    """The verantwoording (DOMAIN.md section 8) of a gemeente on screen, for a chosen period (default: the last full year):
    the sections of the latest one the worker made (`reporting.verantwoording.scherm`), never computed in the request.
    POST asks the worker for a new one (JSON, for this page) and comes back here, where its progress shows; buttons
    request its PDF and XLSX. Another gemeente than the user's own is 404, as if it did not exist."""
    gemeenten = list(rights.gemeenten_for(request.user, Capability.VERANTWOORDING))
    if not gemeenten:
        return _geen_toegang(request, "Uw account is aan geen gemeente gekoppeld. Vraag functioneel beheer dit te regelen.")
    bron = request.POST if request.method == "POST" else request.GET
    gemeente = next((g for g in gemeenten if g.code == (bron.get("gemeente") or gemeenten[0].code)), None)
    if gemeente is None:
        return _niet_gevonden(request)
    vandaag = timezone.localdate()
    standaard = Periode.jaar(vandaag.year - 1)
    periode, periode_fout = standaard, ""
    if bron.get("periode"):
        try:
            periode = periode_parse(bron["periode"])
        except InvalidInput as exc:
            periode_fout = f"{exc.errors[0][2]} Getoond wordt {standaard.code}."
    hier = f"{reverse('gemeente-verantwoording')}?gemeente={gemeente.code}&periode={periode.code}"
    if request.method == "POST":
        if periode_fout:
            messages.error(request, f"Er is niets aangevraagd. {periode_fout}")
            return redirect(hier)
        try:
            report_request(user=request.user, soort=Rapportage.Soort.VERANTWOORDING, periode=periode.code, gemeente=gemeente.code,
                           formaat=Rapportage.Formaat.JSON)
        except Forbidden as exc:
            return error_page(request, 403, exc.detail)
        except (InvalidInput, ServiceUnavailable) as exc:
            messages.error(request, " ".join(r for _, _, r in exc.errors) if isinstance(exc, InvalidInput) else exc.detail)
        else:
            messages.success(request, f"De verantwoording {gemeente.naam} {periode.code} wordt gemaakt. Deze pagina toont haar zodra ze klaar is.")
        return redirect(hier)
    stand = verantwoording_stand(request.user, gemeente, periode, vandaag=vandaag)
    audit_record(user=request.user, action=Action.LEZEN, object_type="verantwoording", object_id=gemeente.code,
                 detail={"gemeente": gemeente.code, "periode": periode.code,
                         "rapportage": str(stand.rapportage.pk) if stand.rapportage else None})
    rapport = stand.rapport
    if rapport is not None:
        for sectie in rapport["secties"]:
            for tabel in sectie["tabellen"]:
                for rij in tabel["rijen"]:
                    for cel in rij["cellen"]:
                        cel["tekst"] = nl(cel["weergave"])
    return render(request, "reporting/verantwoording.html", {
        "gemeenten": gemeenten, "gemeente": gemeente, "periode": periode, "periode_fout": periode_fout, "rapport": rapport,
        "stand": stand, "jaren": [str(j) for j in range(vandaag.year, EERSTE_JAAR - 1, -1)],
    })


@page(Capability.DATA_QUALITY, object_type="datakwaliteit")
def datakwaliteit(request):
    """The beheerder's data-quality check before a CBS export: findings as a list (object references only)."""
    found = findings()
    audit_record(user=request.user, action=Action.LEZEN, object_type="datakwaliteit", detail={"bevindingen": len(found)})
    return render(request, "reporting/datakwaliteit.html", {"bevindingen": found, "samenvatting": findings_summary(found)})


# --- beleidskader (DOMAIN.md section 8, part 7): the gemeente writes its own texts, functioneel beheer every gemeente's ---

ANDERMANS_BELEIDSKADER = "U kunt alleen het beleidskader van uw eigen gemeente(n) lezen en schrijven."


def _beleidskader_gemeente(request, code: str):
    """(gemeente, None) for a gemeente whose beleidskader the user keeps, else (None, the 403 or 404 page)."""
    gemeente = rights.gemeenten_for(request.user, Capability.BELEIDSKADER).filter(code=code).first()
    if gemeente is not None:
        return gemeente, None
    if Gemeente.objects.filter(code=code).exists():
        return None, _geen_toegang(request, ANDERMANS_BELEIDSKADER)
    return None, _niet_gevonden(request)


@page(Capability.BELEIDSKADER, object_type=PORTAAL)
def beleidskader_view(request):
    """The four texts of a gemeente the user keeps, with their dates and a link to write each."""
    gemeenten = list(rights.gemeenten_for(request.user, Capability.BELEIDSKADER))
    if not gemeenten:
        return _geen_toegang(request, "Uw account is aan geen gemeente gekoppeld. Vraag functioneel beheer dit te regelen.")
    gemeente, weigering = _beleidskader_gemeente(request, request.GET.get("gemeente") or gemeenten[0].code)
    if weigering is not None:
        return weigering
    teksten = {b.onderwerp: b for b in Beleidskader.objects.filter(gemeente=gemeente).select_related("auteur")}
    onderwerpen = [(onderwerp, teksten.get(onderwerp.value)) for onderwerp in BeleidskaderOnderwerp]
    return render(request, "reporting/beleidskader.html", {"gemeenten": gemeenten, "gemeente": gemeente, "onderwerpen": onderwerpen})


@page(Capability.BELEIDSKADER, object_type=PORTAAL)
def beleidskader_bewerken_view(request, gemeente_code: str, onderwerp: str):
    """Write one text. Another gemeente's is a 403 (audited: by this view on GET, by the service on POST)."""
    if onderwerp not in BeleidskaderOnderwerp.values:
        return _niet_gevonden(request)
    if request.method == "POST":
        gemeente = Gemeente.objects.filter(code=gemeente_code).first()
        if gemeente is None:
            return _niet_gevonden(request)
    else:
        gemeente, weigering = _beleidskader_gemeente(request, gemeente_code)
        if weigering is not None:
            return weigering
    bestaand = Beleidskader.objects.filter(gemeente=gemeente, onderwerp=onderwerp).select_related("auteur").first()
    form = BeleidskaderTekstForm(request.POST or None, initial={"tekst": bestaand.tekst if bestaand else ""})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                beleidskader_opslaan(user=request.user, gemeente=gemeente, onderwerp=onderwerp, tekst=form.cleaned_data["tekst"])
            except Forbidden as exc:  # audited by the service
                return error_page(request, 403, exc.detail)
            except InvalidInput as exc:
                for field, _, reason in exc.errors:
                    form.add_error("tekst" if field == "tekst" else None, reason)
            else:
                messages.success(request, f"De tekst '{BeleidskaderOnderwerp(onderwerp).label}' voor {gemeente.naam} is opgeslagen.")
                return redirect(f"{reverse('gemeente-beleidskader')}?gemeente={gemeente.code}")
        status = 400
    return render(request, "reporting/beleidskader_bewerken.html", {
        "form": form, "gemeente": gemeente, "onderwerp": BeleidskaderOnderwerp(onderwerp), "bestaand": bestaand,
    }, status=status)
