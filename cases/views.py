"""Web pages for jeugdprofessionals and teamleiders (and the beheerder's AVG inzage, at the end). Reads through `cases.selectors`, writes through
`cases.services`; domain errors become Dutch messages next to the fields or a Dutch error page."""

import re
import time
import uuid
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases import forms, retention, selectors, services
from cases import inzage as inzage_selector
from cases.choices import OPEN_STATUSSEN, Status
from cases.status import ACTIONS, check_transition, may
from cases.validation import MAX_REGISTRATIEDUUR_SECONDEN
from jgt_registratie import rights
from jgt_registratie.audit import Action, Result, audit_refusal, refusal_result
from jgt_registratie.errors import Conflict, Forbidden, InvalidInput, NotFound, PreconditionFailed
from jgt_registratie.rights import Capability
from jgt_registratie.web import page, public

PAGE_SIZE = 25
#: how many dossiers the search-as-you-type offers; when there are more it says how many and links to the list
SUGGESTIES = 10
#: how long a rendered form's signed `geopend` is honoured (a form may lie open for a working day)
_TIMER_MAX_AGE = 24 * 60 * 60
_TIMER_SALT = "cases.registratieduur"

#: every page here is case work (own teams' jeugdigen, dossiers, contacten); the team overview has its own right
case_page = page(Capability.CASE_WORK)


def _today():
    return timezone.localdate()


# --- session --------------------------------------------------------------------------------------------


@public
@require_POST
def sessie_verlengen(request):
    """Keep-alive for the expiry warning: any request extends the session (SESSION_SAVE_EVERY_REQUEST).
    It needs no right: it only keeps a logged-in user's session alive and shows no data."""
    if not request.user.is_authenticated:
        return JsonResponse({"verlopen": True}, status=401)
    request.session.modified = True
    return JsonResponse({"seconden": settings.SESSION_IDLE_SECONDS})


# --- Snel registreren ---------------------------------------------------------------------------------


def _registratieduur(data, *, received: float | None = None) -> int | None:
    """Seconds of registration work, for I15, never longer than the server's own window.

    The window runs from the server rendering the form (the signed `geopend`) to the server receiving it. The
    browser's measurement (from the user's first action on the form to the submit, plus time carried in a restored
    draft) is used when it is a number, clamped to that window (a longer or negative value is not trusted); without
    one, the window itself (an upper bound). Without a valid signed `geopend` nothing bounds the value: None. A value
    over `MAX_REGISTRATIEDUUR_SECONDEN` is no measurement of registering one contact: None."""
    received = time.time() if received is None else received
    try:
        opened = float(signing.loads(data.get("geopend") or "", salt=_TIMER_SALT, max_age=_TIMER_MAX_AGE))
    except (signing.BadSignature, TypeError, ValueError):
        return None
    window = max(0, int(received - opened))
    raw = (data.get("registratieduur_seconden") or "").strip()
    seconds = min(max(int(raw), 0), window) if re.fullmatch(r"-?[0-9]{1,12}", raw) else window
    return seconds if seconds <= MAX_REGISTRATIEDUUR_SECONDEN else None


def _resend_key(data) -> str | None:
    """The same rendered form (its signed `geopend`) sent again with the same content (a double click, a second Enter)
    is one contact: an idempotency key of the form and its content. A changed form is a new key, so a new contact."""
    opened = data.get("geopend") or ""
    if not opened or len(opened) > 120:
        return None
    content = {name: data.getlist(name) for name in data if name not in ("csrfmiddlewaretoken", "registratieduur_seconden")}
    return f"web:{opened}:{services.request_hash(content)}"


def _contact_initial(request, user):
    initial = {"datum": _today(), "duur_minuten": 30, **selectors.last_contact_of(user)}
    if "gemeente" not in initial:
        gemeenten = list(rights.gemeenten_for(user, Capability.CASE_WORK).values_list("code", flat=True))
        if len(gemeenten) == 1 and gemeenten[0]:
            initial["gemeente"] = gemeenten[0]
    wanted = request.GET.get("dossier")
    if wanted:
        dossier = selectors.dossier_by_number(user, wanted)
        if dossier is not None:
            initial["dossier"] = selectors.short_number(dossier.pk)
    initial["geopend"] = signing.dumps(time.time(), salt=_TIMER_SALT)
    return initial


@case_page
def registreren(request):
    user = request.user
    status = 200
    if request.method == "POST":
        form = forms.ContactForm(request.POST, user=user)
        if form.is_valid():
            data = form.cleaned_data
            dossier = None
            if data["dossier"]:
                dossier = selectors.dossier_by_number(user, data["dossier"], action=Action.CONTACT_REGISTREREN)
                if dossier is None:
                    form.add_error("dossier", "Onbekend dossier. Kies een dossier van uw team uit de lijst (dossiernummer van 8 tekens).")
            if not form.errors:
                fields = dict(
                    team=dossier.team if dossier else data["team"], dossier=dossier, datum=data["datum"],
                    duur_minuten=data["duur_minuten"], vorm=data["vorm"], inzet=data["inzet"], hulpsoort=data["hulpsoort"],
                    probleemcategorieen=[c.code for c in data["probleemcategorieen"]], notitie=data["notitie"],
                    gemeente=None if dossier else data["gemeente"], leeftijdsklasse="" if dossier else data["leeftijdsklasse"],
                    registratieduur_seconden=_registratieduur(request.POST),
                )
                try:
                    key = _resend_key(request.POST)
                    if key is None:
                        contact = services.contact_register(user=user, **fields)
                    else:
                        contact, _ = services.contact_register_idempotent(user=user, key=key, body_hash=key.rsplit(":", 1)[1], **fields)
                except InvalidInput as exc:
                    form.add_service_errors(exc)
                except Conflict as exc:
                    form.add_error("dossier", exc.detail)
                else:
                    where = f"bij dossier {selectors.short_number(dossier.pk)}" if dossier else "zonder dossier"
                    messages.success(request, f"Contact van {contact.datum:%d-%m-%Y} opgeslagen ({where}). "
                                              "U kunt direct het volgende contact registreren.", extra_tags="concept-wissen:contact")
                    return redirect("cases:registreren")
        status = 400
    else:
        form = forms.ContactForm(initial=_contact_initial(request, user), user=user)
    return render(request, "cases/registreren.html", {"form": form}, status=status)


@require_GET
@case_page
def dossier_zoeken(request):
    """Search-as-you-type for the dossier field: an HTML fragment of listbox options (scoped, audited)."""
    text = request.GET.get("q", "")
    found = selectors.dossier_search(request.user, text, limit=SUGGESTIES) if len(text.strip()) >= 2 else []
    total = selectors.dossier_search_total(request.user, text) if len(found) == SUGGESTIES else len(found)
    alle = f"{reverse('cases:dossiers')}?{urlencode({'q': text.strip()})}"
    return render(request, "cases/_dossier_opties.html", {"dossiers": found, "q": text, "totaal": total, "meer": total > len(found),
                                                          "alle_url": alle})


# --- dossiers ----------------------------------------------------------------------------------------------


@require_GET
@case_page
def dossier_list(request):
    user = request.user
    form = forms.DossierFilterForm(request.GET or None, user=user)
    queryset = selectors.dossiers_for(user)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    status = filters.get("status", "")
    if status == "":
        queryset = queryset.filter(status__in=OPEN_STATUSSEN)  # the open ones alone, not every dossier of the team
    elif status != "alle":
        queryset = queryset.filter(status=status)
    if filters.get("team"):
        queryset = queryset.filter(team_id=filters["team"])
    if filters.get("hulpsoort"):
        queryset = queryset.filter(hulpsoort=filters["hulpsoort"])
    if filters.get("categorie"):
        queryset = queryset.filter(probleemcategorieen__code=filters["categorie"])  # one code: no duplicate rows
    if filters.get("regiehouder"):
        queryset = queryset.filter(regiehouder_id=filters["regiehouder"])
    if filters.get("q"):
        queryset = selectors.dossier_search_filter(queryset, filters["q"])
    queryset = queryset.select_related("regiehouder", "team").prefetch_related("jeugdigen").order_by("-aanmelddatum", "id")
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.audit_dossiers_shown(user, page)
    query = request.GET.copy()
    query.pop("page", None)
    mijn = filters.get("regiehouder") == str(user.pk)
    return render(request, "cases/dossier_list.html", {
        "form": form, "page": page, "query": query.urlencode(), "mijn": mijn,
        "titel": "Mijn dossiers" if mijn else "Teamdossiers",
    })


def _allowed(user, dossier) -> set[str]:
    """The actions shown on the dossier page: the status table's and the rights table's, nothing of its own."""
    allowed = {action for action in ACTIONS if may(user.role, action, dossier.status)}
    if dossier.status != Status.AFGESLOTEN:
        allowed |= {"doorverwijzing", "wijzigen", "contact", "kind"}
        if dossier.afsluiting_gevraagd_op is None and rights.can(user, Capability.CLOSURE_REQUEST):
            allowed.add("afsluitverzoek")
    if rights.can(user, Capability.HANDOVER):
        allowed.add("overdragen")
    return allowed


def _action_forms(user, dossier, bound: dict | None = None, kind: str | None = None) -> dict:
    categories = [c.code for c in dossier.probleemcategorieen.all()]
    made = {
        "activeren": forms.ActiverenForm(prefix="activeren", initial={"datum": _today()}),
        "waakvlam": forms.WaakvlamForm(prefix="waakvlam", initial={"datum": _today()}),
        "afsluiten": forms.AfsluitenForm(prefix="afsluiten", initial={"einddatum": _today()}),
        "heropenen": forms.HeropenenForm(prefix="heropenen", initial={"datum": _today()}),
        "doorverwijzing": forms.DoorverwijzingForm(prefix="doorverwijzing", initial={"datum": _today()}),
        "wijzigen": forms.DossierUpdateForm(prefix="wijzigen", user=user, dossier=dossier, initial={
            "hulpsoort": dossier.hulpsoort, "probleemcategorieen": categories, "gestart_met_crisis": dossier.gestart_met_crisis,
            "regiehouder": dossier.regiehouder_id}),
        "afsluitverzoek": forms.AfsluitverzoekForm(prefix="afsluitverzoek"),
        "kind": forms.GezinslidForm(prefix="kind", initial={"jeugdige": kind or ""}),
        "overdragen": forms.OverdragenForm(prefix="overdragen", dossier=dossier),
    }
    made.update(bound or {})
    return made


def _render_dossier(request, dossier, *, bound: dict | None = None, status: int = 200, melding: str = "", betrokkene_form=None,
                    betrokkene_forms: dict | None = None, verwijzing_forms: dict | None = None):
    user = request.user
    kind = request.GET.get("kind", "")[:64] if request.method == "GET" else ""
    data = selectors.dossier_page_data(user, dossier)
    _timeline(user, data["contacten"])
    betrokkenen = selectors.betrokkenen_van(user, dossier)
    for b in betrokkenen:  # each its own edit form, filled in (or, after a failed save, as it was sent)
        b.form = (betrokkene_forms or {}).get(b.pk) or forms.BetrokkeneForm(
            prefix=f"betrokkene-{b.pk}", initial={"naam": b.naam, "relatie": b.relatie, "telefoon": b.telefoon, "email": b.email})
        b.actie = f"betrokkene-{b.pk}"
    verwijzingen = list(dossier.doorverwijzingen.all())
    for v in verwijzingen:  # "Uitkomst bijwerken": only where the services' own rule lets this user (a final one: teamleider)
        v.mag_wijzigen = services.doorverwijzing_update_refusal(user, v) is None
        v.actie = f"verwijzing-{v.pk}"
        v.form = (verwijzing_forms or {}).get(v.pk) or forms.DoorverwijzingUitkomstForm(
            prefix=v.actie, initial=forms.DoorverwijzingUitkomstForm.initial_of(v))
    return render(request, "cases/dossier_detail.html", {
        "dossier": dossier,
        "nummer": selectors.short_number(dossier.pk),
        "toegestaan": _allowed(user, dossier),
        "acties": _action_forms(user, dossier, bound, kind=kind),
        "open_actie": next(iter(bound), "") if bound else ("kind" if kind else "betrokkene" if betrokkene_form is not None
                                                           else f"verwijzing-{next(iter(verwijzing_forms))}" if verwijzing_forms else ""),
        "melding": melding,
        "kind_verwijderen": rights.can(user, Capability.FAMILY_CORRECTION) and len(dossier.jeugdigen.all()) > 1,
        "nieuw_kind_url": f"{reverse('cases:jeugdige-nieuw')}?dossier={dossier.pk}",
        "betrokkenen": betrokkenen,
        "betrokkene_form": betrokkene_form or forms.BetrokkeneForm(prefix="betrokkene"),
        "betrokkene_open": f"betrokkene-{next(iter(betrokkene_forms))}" if betrokkene_forms else "",
        "verwijzingen": verwijzingen,
        "verwijzing_open": f"verwijzing-{next(iter(verwijzing_forms))}" if verwijzing_forms else "",
        **data,
    }, status=status)


def _correctable(user, contacten) -> set:
    """The contacts this user may correct ("Wijzigen", "Verwijderen"): the services' own rule."""
    return {c.pk for c in contacten if services.contact_correction_refusal(user, c) is None}


_NUL = uuid.UUID(int=0)


def _timeline(user, contacten) -> None:
    """What the dossier page shows of each contact, prepared once per page instead of per row in the template (a
    dossier may hold hundreds of contacts): its date as text, its categories' names, and, when this user may correct
    it, the addresses of its actions (each URL reversed once, with the contact's id put in)."""
    routes = {name: reverse(f"cases:contact-{name}", args=[_NUL]) for name in ("wijzigen", "verwijderen", "koppelen")}
    for c in contacten:
        c.datum_tekst = c.datum.strftime("%d-%m-%Y")
        c.categorie_tekst = "; ".join(p.naam for p in c.probleemcategorieen.all())
        c.acties = None
        if services.contact_correction_refusal(user, c) is None:
            c.acties = {name: route.replace(str(_NUL), str(c.pk)) for name, route in routes.items()}


@require_GET
@case_page
def dossier_detail(request, pk):
    return _render_dossier(request, selectors.dossier_get(request.user, pk))


#: the audit action of each dossier action (the service's own), also for a refusal before the service is reached
_ACTION_AUDIT = {
    "activeren": Action.DOSSIER_ACTIVEREN, "waakvlam": Action.DOSSIER_WAAKVLAM, "afsluiten": Action.DOSSIER_AFSLUITEN,
    "heropenen": Action.DOSSIER_HEROPENEN, "doorverwijzing": Action.DOORVERWIJZING_REGISTREREN,
    "afsluitverzoek": Action.DOSSIER_AFSLUITING_VRAGEN, "wijzigen": Action.DOSSIER_WIJZIGEN,
    "kind": Action.GEZINSLID_TOEVOEGEN,
}


def _dossier_action(name: str, form_class, run, success: str, capability: Capability = Capability.CASE_WORK):
    """A POST action on a dossier: validate the form, call the service, redirect; on an error show the page again.
    A refusal is audited under the action's own name (`_ACTION_AUDIT`)."""

    @require_POST
    @page(Capability.CASE_WORK, then=capability)
    def view(request, pk):
        user = request.user
        dossier = selectors.dossier_get(user, pk, action=Action.SCHRIJVEN)  # outside the user's teams: 404
        if name not in ACTIONS:
            rights.require(user, capability, action=_ACTION_AUDIT[name], object_type="dossier", object_id=dossier.pk)
        else:  # a role or status that forbids the action is a 403/409 (the status table, read from the rights table)
            try:
                check_transition(current=dossier.status, role=user.role, action=name)
            except (Forbidden, Conflict) as exc:
                audit_refusal(user=user, action=_ACTION_AUDIT[name], object_type="dossier", object_id=dossier.pk,
                              result=refusal_result(exc), detail={"status": exc.status})
                if isinstance(exc, Forbidden):
                    raise
                return _render_dossier(request, selectors.dossier_get(user, pk), status=409, melding=exc.detail)
        kwargs = {"user": user, "dossier": dossier} if form_class is forms.DossierUpdateForm else {}
        form = form_class(request.POST, prefix=name, **kwargs) if form_class else None
        if form is None or form.is_valid():
            try:
                run(user=user, dossier=dossier, data=form.cleaned_data if form else {})
            except InvalidInput as exc:
                if form is None:
                    return _render_dossier(request, selectors.dossier_get(user, pk), status=400, melding=exc.detail)
                form.add_service_errors(exc)
            except (Conflict, PreconditionFailed) as exc:
                return _render_dossier(request, selectors.dossier_get(user, pk), status=409, melding=exc.detail)
            else:
                messages.success(request, success)
                return redirect("cases:dossier", pk=dossier.pk)
        # the page shown again holds the same person data as a GET: read (and audit) it as one
        return _render_dossier(request, selectors.dossier_get(user, pk), bound={name: form}, status=400)

    view.__name__ = f"dossier_{name}"
    return view


dossier_activeren = _dossier_action(
    "activeren", forms.ActiverenForm,
    lambda user, dossier, data: services.dossier_activate(user=user, dossier=dossier, datum=data["datum"]),
    "Het dossier is actief gemaakt.")
dossier_waakvlam = _dossier_action(
    "waakvlam", forms.WaakvlamForm,
    lambda user, dossier, data: services.dossier_waakvlam(
        user=user, dossier=dossier, datum=data["datum"], evaluatiedatum=data["evaluatiedatum"], reden_beeindiging=data["reden_beeindiging"],
        doelen_bereikt=data["doelen_bereikt"], tevredenheid=data["tevredenheid"], zonder_hulp_verder=data["zonder_hulp_verder"]),
    "Het dossier staat nu op waakvlam.")
dossier_afsluiten = _dossier_action(
    "afsluiten", forms.AfsluitenForm,
    lambda user, dossier, data: services.dossier_close(
        user=user, dossier=dossier, einddatum=data["einddatum"], reden_beeindiging=data["reden_beeindiging"],
        doelen_bereikt=data["doelen_bereikt"], tevredenheid=data["tevredenheid"], zonder_hulp_verder=data["zonder_hulp_verder"]),
    "Het dossier is afgesloten.", Capability.CLOSING)
dossier_heropenen = _dossier_action(
    "heropenen", forms.HeropenenForm,
    lambda user, dossier, data: services.dossier_reopen(user=user, dossier=dossier, datum=data["datum"]),
    "Het dossier is heropend en weer actief.", Capability.CLOSING)
dossier_doorverwijzing = _dossier_action(
    "doorverwijzing", forms.DoorverwijzingForm,
    lambda user, dossier, data: services.doorverwijzing_register(user=user, dossier=dossier, datum=data["datum"], soort=data["soort"],
                                                                 overbrugging=data["overbrugging"]),
    "De doorverwijzing is vastgelegd.")
dossier_afsluitverzoek = _dossier_action(
    "afsluitverzoek", forms.AfsluitverzoekForm,
    lambda user, dossier, data: services.dossier_request_closure(user=user, dossier=dossier, toelichting=data["toelichting"]),
    "De teamleider is gevraagd het dossier af te sluiten.", Capability.CLOSURE_REQUEST)


def _kind(user, dossier, data):
    jeugdige = selectors.jeugdige_by_reference(user, data["jeugdige"])
    if jeugdige is None:
        raise InvalidInput.one("jeugdige", "onbekende_jeugdige", "Onbekende jeugdige. Gebruik het jeugdigenummer (8 tekens) of BSN van "
                                                                 "een jeugdige van uw team, of registreer eerst een nieuwe jeugdige.")
    return services.gezinslid_add(user=user, dossier=dossier, jeugdige=jeugdige, datum=data["datum"])


dossier_kind = _dossier_action("kind", forms.GezinslidForm, _kind, "De jeugdige is aan het dossier toegevoegd.")


@require_POST
@page(Capability.CASE_WORK, then=Capability.HANDOVER)
def dossier_overdragen(request, pk):
    """"Overdragen aan ander team" (teamleider): the dossier, its contacts and jeugdigen go to the other team, whose
    teamleider becomes regiehouder; this team no longer sees it, so the page goes on to the dossier list."""
    user = request.user
    dossier = selectors.dossier_get(user, pk, action=Action.SCHRIJVEN)  # outside the user's teams: 404
    rights.require(user, Capability.HANDOVER, action=Action.DOSSIER_OVERDRAGEN, object_type="dossier", object_id=dossier.pk)
    form = forms.OverdragenForm(request.POST, prefix="overdragen", dossier=dossier)
    if form.is_valid():
        team = form.cleaned_data["team"]
        try:
            services.dossier_handover(user=user, dossier=dossier, team=team)
        except InvalidInput as exc:
            form.add_service_errors(exc)
        except Conflict as exc:
            return _render_dossier(request, selectors.dossier_get(user, pk), status=409, melding=exc.detail)
        else:
            messages.success(request, f"Dossier {selectors.short_number(dossier.pk)} is overgedragen aan {team.naam}. Uw team ziet het "
                                      "dossier niet meer; de teamleider van dat team is nu regiehouder.")
            return redirect("cases:dossiers")
    return _render_dossier(request, selectors.dossier_get(user, pk), bound={"overdragen": form}, status=400)


@require_http_methods(["GET", "POST"])
@page(Capability.CASE_WORK, then=Capability.FAMILY_CORRECTION)
def dossier_kind_verwijderen(request, pk, jid):
    """"Verwijderen uit dossier" (teamleider): a confirmation page, then the removal of a child registered by mistake."""
    user = request.user
    action = Action.GEZINSLID_VERWIJDEREN
    dossier = selectors.dossier_get(user, pk, action=Action.SCHRIJVEN if request.method == "POST" else Action.LEZEN)
    jeugdige = dossier.jeugdigen.filter(pk=jid).first()
    if jeugdige is None:
        audit_refusal(user=user, action=action, object_type="jeugdige", object_id=jid, result=Result.NIET_GEVONDEN)
        raise NotFound("Deze jeugdige hoort niet bij dit dossier.")
    rights.require(user, Capability.FAMILY_CORRECTION, action=action, object_type="dossier", object_id=dossier.pk)
    nummer, kind = selectors.short_number(dossier.pk), selectors.short_number(jeugdige.pk)
    if request.method == "POST":
        try:
            correctie = services.gezinslid_remove(user=user, dossier=dossier, jeugdige=jeugdige)
        except Conflict as exc:
            return _render_dossier(request, selectors.dossier_get(user, pk), status=409, melding=exc.detail)
        n = correctie.hulpperiodes_gewijzigd
        messages.success(request, f"Jeugdige {kind} is uit dossier {nummer} verwijderd; {n} hulpperiode{'' if n == 1 else 's'} vervallen.")
        return redirect("cases:dossier", pk=dossier.pk)
    laatste = dossier.jeugdigen.count() <= 1
    return render(request, "cases/bevestigen.html", {
        "titel": f"Jeugdige {kind} uit dossier {nummer} verwijderen",
        "tekst": ("Dit is de laatste jeugdige van het dossier: die kan niet worden verwijderd." if laatste else
                  f"Is jeugdige {kind} per vergissing aan dit dossier toegevoegd? De hulpperiodes van deze jeugdige in dit dossier "
                  "vervallen (een correctie). De jeugdige zelf en de andere jeugdigen blijven zoals ze zijn."),
        "knop": None if laatste else "Ja, verwijder uit dossier", "terug": reverse("cases:dossier", args=[dossier.pk]),
    }, status=409 if laatste else 200)


# --- corrections of contacts (API.md 1.1): Wijzigen, Verwijderen, Koppelen aan dossier ---------------------------------


def _correctable_contact(request, pk, action) -> "services.Contact":
    """The contact of the user's teams (else 404) that the user may correct (else the Dutch 403, audited)."""
    user = request.user
    contact = selectors.contact_get(user, pk, action=Action.SCHRIJVEN if request.method == "POST" else Action.LEZEN)
    reason = services.contact_correction_refusal(user, contact)
    if reason is not None:
        audit_refusal(user=user, action=action, object_type="contact", object_id=contact.pk, result=Result.GEWEIGERD,
                      detail={"recht": Capability.CONTACT_CORRECTION.value})
        raise Forbidden(reason)
    return contact


def _na_correctie(contact_dossier_id):
    return redirect("cases:dossier", pk=contact_dossier_id) if contact_dossier_id else redirect("cases:contacten")


def _herberekend(n: int) -> str:
    return f"{n} hulpperiode{'' if n == 1 else 's'} herberekend"


@require_http_methods(["GET", "POST"])
@case_page
def contact_wijzigen(request, pk):
    """"Wijzigen": the contact's values in a form; saved as a correction that recomputes the hulpperiodes it touches."""
    user = request.user
    contact = _correctable_contact(request, pk, Action.CONTACT_WIJZIGEN)
    status = 200
    if request.method == "POST":
        form = forms.ContactCorrectieForm(request.POST, contact=contact)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            fields = {name: data[name] for name in ("datum", "duur_minuten", "vorm", "inzet", "hulpsoort")}
            codes = [c.code for c in data["probleemcategorieen"]]
            if set(codes) != {c.code for c in contact.probleemcategorieen.all()}:
                fields["probleemcategorieen"] = codes
            if "notitie" in data:
                fields["notitie"] = data["notitie"]
            try:
                contact = services.contact_update(user=user, contact=contact, **fields)
            except InvalidInput as exc:
                form.add_service_errors(exc)
            except Conflict as exc:
                form.add_error(None, exc.detail)
                status = 409
            else:
                messages.success(request, f"Contact gewijzigd; {_herberekend(contact.correctie.hulpperiodes_gewijzigd)}.")
                return _na_correctie(contact.dossier_id)
    else:
        form = forms.ContactCorrectieForm(contact=contact, initial={
            "datum": contact.datum, "duur_minuten": contact.duur_minuten, "vorm": contact.vorm, "inzet": contact.inzet,
            "hulpsoort": contact.hulpsoort, "probleemcategorieen": [c.code for c in contact.probleemcategorieen.all()],
            "notitie": contact.notitie})
    return render(request, "cases/contact_wijzigen.html", {"form": form, "contact": contact}, status=status)


@require_http_methods(["GET", "POST"])
@case_page
def contact_verwijderen(request, pk):
    """"Verwijderen": a Dutch confirmation page, then the removal (a correction)."""
    user = request.user
    contact = _correctable_contact(request, pk, Action.CONTACT_VERWIJDEREN)
    if request.method == "POST":
        dossier_id = contact.dossier_id
        correctie = services.contact_delete(user=user, contact=contact)
        messages.success(request, f"Contact verwijderd; {_herberekend(correctie.hulpperiodes_gewijzigd)}.")
        return _na_correctie(dossier_id)
    terug = reverse("cases:dossier", args=[contact.dossier_id]) if contact.dossier_id else reverse("cases:contacten")
    return render(request, "cases/bevestigen.html", {
        "titel": f"Contact van {contact.datum:%d-%m-%Y} verwijderen",
        "tekst": (f"Weet u zeker dat u dit contact wilt verwijderen? {contact.get_vorm_display()}, {contact.duur_minuten} minuten, "
                  f"inzet {contact.get_inzet_display().lower()}, {contact.get_hulpsoort_display().lower()}. Het contact telt dan niet "
                  "meer mee; de hulpperiodes die het raakt, worden herberekend."),
        "knop": "Ja, verwijder dit contact", "terug": terug,
    })


@require_http_methods(["GET", "POST"])
@case_page
def contact_koppelen(request, pk):
    """"Koppelen aan dossier": a contact without dossier joins a dossier of the team (gemeente and age class go)."""
    user = request.user
    contact = _correctable_contact(request, pk, Action.CONTACT_KOPPELEN)
    if contact.dossier_id is not None:
        return render(request, "jgt_registratie/fout.html", {
            "titel": "Niet mogelijk", "melding": "Dit contact hoort al bij een dossier; alleen een contact zonder dossier kan worden gekoppeld."},
            status=409)
    status = 200
    form = forms.KoppelenForm(request.POST or None)
    if request.method == "POST":
        status = 400
        if form.is_valid():
            dossier = selectors.dossier_by_number(user, form.cleaned_data["dossier"], action=Action.CONTACT_KOPPELEN)
            if dossier is None:
                form.add_error("dossier", "Onbekend dossier. Gebruik het nummer van 8 tekens van een dossier van uw team.")
            else:
                try:
                    contact = services.contact_attach(user=user, contact=contact, dossier=dossier)
                except InvalidInput as exc:
                    form.add_service_errors(exc)
                except Conflict as exc:
                    form.add_error("dossier", exc.detail)
                    status = 409
                else:
                    messages.success(request, f"Contact gekoppeld aan dossier {selectors.short_number(dossier.pk)}; "
                                              f"{_herberekend(contact.correctie.hulpperiodes_gewijzigd)}.")
                    return redirect("cases:dossier", pk=dossier.pk)
    return render(request, "cases/contact_koppelen.html", {"form": form, "contact": contact}, status=status)


@require_GET
@case_page
def contacten(request):
    """The team's contacts, newest first, with the corrections the user may make (the contacts without dossier can be
    attached to a dossier here)."""
    user = request.user
    queryset = selectors.contacten_for(user).select_related("dossier", "geregistreerd_door", "gemeente").order_by("-datum", "-geregistreerd_op")
    if request.GET.get("zonder_dossier"):
        queryset = queryset.filter(dossier__isnull=True)
    page_obj = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.audit_list_read(user, "contact", list(page_obj))
    return render(request, "cases/contacten.html", {
        "page": page_obj, "corrigeerbaar": _correctable(user, page_obj), "zonder_dossier": bool(request.GET.get("zonder_dossier"))})


def _wijzigen(user, dossier, data):
    codes = [c.code for c in data["probleemcategorieen"]]
    # unchanged categories are not sent: the service accepts only active ones, and may keep a deactivated one it already has
    categories = {} if set(codes) == {c.code for c in dossier.probleemcategorieen.all()} else {"probleemcategorieen": codes}
    return services.dossier_update(user=user, dossier=dossier, hulpsoort=data["hulpsoort"], gestart_met_crisis=data["gestart_met_crisis"],
                                   regiehouder=data["regiehouder"], **categories)


dossier_wijzigen = _dossier_action("wijzigen", forms.DossierUpdateForm, _wijzigen, "De dossiergegevens zijn gewijzigd.")


def _resolve_jeugdigen(user, form, text: str) -> list:
    found, unknown = [], []
    for token in [t for t in re.split(r"[,;\s]+", text or "") if t]:
        jeugdige = selectors.jeugdige_by_reference(user, token)
        if jeugdige is None:
            unknown.append(token)
        elif jeugdige not in found:
            found.append(jeugdige)
    if unknown:
        form.add_error("jeugdigen", f"Onbekende jeugdige: {', '.join(unknown)}. Gebruik een jeugdigenummer (8 tekens) of BSN "
                                    "van een jeugdige van uw team, of registreer eerst een nieuwe jeugdige.")
    return found


@case_page
def dossier_nieuw(request):
    user = request.user
    status = 200
    if request.method == "POST":
        form = forms.DossierForm(request.POST, user=user)
        valid = form.is_valid()
        jeugdigen = _resolve_jeugdigen(user, form, request.POST.get("jeugdigen", ""))  # also when other fields are wrong
        if valid:
            data = form.cleaned_data
            if not form.errors:
                try:
                    dossier = services.dossier_open(
                        user=user, team=data["team"], jeugdigen=jeugdigen, aanmelddatum=data["aanmelddatum"], aanmelder=data["aanmelder"],
                        hulpsoort=data["hulpsoort"], probleemcategorieen=[c.code for c in data["probleemcategorieen"]],
                        gestart_met_crisis=data["gestart_met_crisis"], verwijzer=data["verwijzer"], regiehouder=data["regiehouder"],
                    )
                except InvalidInput as exc:
                    form.add_service_errors(exc)
                else:
                    messages.success(request, f"Dossier {selectors.short_number(dossier.pk)} is geopend.", extra_tags="concept-wissen:dossier")
                    return redirect("cases:dossier", pk=dossier.pk)
        status = 400
    else:
        initial = {"aanmelddatum": _today(), "regiehouder": user.pk}
        wanted = request.GET.get("jeugdige")
        if wanted:
            jeugdige = selectors.jeugdige_by_reference(user, wanted)
            if jeugdige is not None:
                initial["jeugdigen"] = selectors.short_number(jeugdige.pk)
        form = forms.DossierForm(initial=initial, user=user)
    return render(request, "cases/dossier_nieuw.html", {"form": form}, status=status)


# --- jeugdigen -------------------------------------------------------------------------------------------


@case_page
def jeugdige_nieuw(request):
    user = request.user
    status = 200
    bestaande = None
    # ?dossier=<id>: registered from "Kind toevoegen" on that dossier page (only a dossier of the user's teams counts)
    wanted = request.GET.get("dossier", "")
    terug_dossier = selectors.dossier_by_number(user, wanted) if wanted else None
    conflict = False
    if request.method == "POST":
        form = forms.JeugdigeForm(request.POST, user=user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                jeugdige = services.jeugdige_register(
                    user=user, team=data["team"], bsn=data["bsn"], geslacht=data["geslacht"], postcode=data["postcode"],
                    gemeente=data["gemeente"], voornamen=data["voornamen"], tussenvoegsel=data["tussenvoegsel"],
                    achternaam=data["achternaam"], **form.service_fields(),
                )
            except InvalidInput as exc:
                form.add_service_errors(exc)
            except Conflict as exc:
                conflict = True
                try:  # the offer shows the existing jeugdige: an audited read, scoped to the user's teams
                    bestaande = selectors.jeugdige_get(user, exc.extra["bestaandId"]) if exc.extra.get("bestaandId") else None
                except NotFound:
                    bestaande = None
                form.add_error("bsn", "Deze jeugdige is al geregistreerd met dit BSN." if bestaande else
                               services.ANDER_TEAM_BSN)
            else:
                if terug_dossier is not None:  # "Kind toevoegen": back to the dossier, with the new child filled in
                    messages.success(request, f"{jeugdige.naam} (jeugdige {selectors.short_number(jeugdige.pk)}) is geregistreerd. Voeg "
                                              "de jeugdige nu toe aan het dossier.", extra_tags="concept-wissen:jeugdige")
                    return redirect(f"{reverse('cases:dossier', args=[terug_dossier.pk])}?kind={selectors.short_number(jeugdige.pk)}#actie-kind")
                messages.success(request, f"{jeugdige.naam} (jeugdige {selectors.short_number(jeugdige.pk)}) is geregistreerd. "
                                          "Open nu een dossier.",
                                 extra_tags="concept-wissen:jeugdige")
                return redirect("cases:jeugdige", pk=jeugdige.pk)
        status = 409 if conflict else 400
    else:
        form = forms.JeugdigeForm(user=user)
    return render(request, "cases/jeugdige_nieuw.html", {"form": form, "bestaande": bestaande, "terug_dossier": terug_dossier},
                  status=status)


def _render_jeugdige(request, jeugdige, *, verhuizing=None, wijzigen=None, overdragen=None, status: int = 200, melding: str = ""):
    user = request.user
    open_actie = ("verhuizing" if verhuizing is not None else "wijzigen" if wijzigen is not None
                  else "overdragen" if overdragen is not None else "")
    dossiers = list(selectors.dossiers_for(user).filter(jeugdigen=jeugdige).select_related("regiehouder").order_by("-aanmelddatum"))
    selectors.audit_list_read(user, "dossier", dossiers)
    # A jeugdige without dossier in its own team is handed over on its own (the teamleider); one in a dossier goes with it.
    kan_overdragen = (rights.can(user, Capability.HANDOVER) and not any(d.team_id == jeugdige.team_id for d in dossiers)
                      and rights.teams_of(user).filter(pk=jeugdige.team_id).exists())
    return render(request, "cases/jeugdige_detail.html", {
        "jeugdige": jeugdige, "nummer": selectors.short_number(jeugdige.pk), "dossiers": dossiers,
        "adressen": selectors.adressen_van(jeugdige), "huidig_adres": selectors.huidig_adres(jeugdige),
        "verhuizing": verhuizing or forms.VerhuizingForm(prefix="verhuizing"), "open_actie": open_actie,
        "wijzigen": wijzigen or forms.JeugdigeWijzigenForm(prefix="wijzigen", initial=forms.JeugdigeWijzigenForm.initial_of(jeugdige)),
        "kan_overdragen": kan_overdragen,
        "overdragen": overdragen or forms.JeugdigeOverdragenForm(prefix="overdragen", jeugdige=jeugdige),
        "melding": melding, "nieuw_dossier_url": f"{reverse('cases:dossier-nieuw')}?jeugdige={jeugdige.pk}",
    }, status=status)


@require_GET
@case_page
def jeugdige_detail(request, pk):
    return _render_jeugdige(request, selectors.jeugdige_get(request.user, pk))


@require_POST
@case_page
def jeugdige_verhuizing(request, pk):
    """"Verhuizing vastleggen": a new address from a date; the old address stays in the history."""
    user = request.user
    jeugdige = selectors.jeugdige_get(user, pk, action=Action.SCHRIJVEN)  # outside the user's teams: 404
    form = forms.VerhuizingForm(request.POST, prefix="verhuizing")
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.adres_register(user=user, jeugdige=jeugdige, postcode=data["postcode"], gemeente=data["gemeente"],
                                    geldig_vanaf=data["geldig_vanaf"])
        except InvalidInput as exc:
            form.add_service_errors(exc)
        except Conflict as exc:
            form.add_error("geldig_vanaf", exc.detail)
            status = 409
        else:
            messages.success(request, f"De verhuizing per {data['geldig_vanaf']:%d-%m-%Y} is vastgelegd. Het vorige adres blijft in de "
                                      "adresgeschiedenis.")
            return redirect("cases:jeugdige", pk=jeugdige.pk)
    # the page shown again holds the same person data as a GET: read (and audit) it as one
    return _render_jeugdige(request, selectors.jeugdige_get(user, pk), verhuizing=form, status=status)


@require_POST
@case_page
def jeugdige_wijzigen(request, pk):
    """"Gegevens wijzigen": correct the name, BSN, birth date or geslacht (audited; a birth date or geslacht is a correction)."""
    user = request.user
    jeugdige = selectors.jeugdige_get(user, pk, action=Action.SCHRIJVEN)  # outside the user's teams: 404
    form = forms.JeugdigeWijzigenForm(request.POST, prefix="wijzigen")
    status = 400
    if form.is_valid():
        try:
            services.jeugdige_update(user=user, jeugdige=jeugdige, **form.service_fields())
        except InvalidInput as exc:
            form.add_service_errors(exc)
        except Conflict as exc:
            form.add_error("bsn", "Dit BSN hoort al bij een andere jeugdige van de organisatie. Controleer het BSN, of neem contact "
                                  "op met het team van die jeugdige of met functioneel beheer.")
            status = 409 if exc.extra.get("bestaandId") else 400
        else:
            messages.success(request, "De gegevens van de jeugdige zijn gewijzigd.")
            return redirect("cases:jeugdige", pk=jeugdige.pk)
    return _render_jeugdige(request, selectors.jeugdige_get(user, pk), wijzigen=form, status=status)


@require_POST
@page(Capability.CASE_WORK, then=Capability.HANDOVER)
def jeugdige_overdragen(request, pk):
    """"Overdragen aan ander team" of a jeugdige without dossier (teamleider): "a known BSN in another team". The other
    team sees the jeugdige from then on and this team no longer does, so the page goes on to the dossier list."""
    user = request.user
    jeugdige = selectors.jeugdige_get(user, pk, action=Action.SCHRIJVEN)  # outside the user's teams: 404
    rights.require(user, Capability.HANDOVER, action=Action.JEUGDIGE_OVERDRAGEN, object_type="jeugdige", object_id=jeugdige.pk)
    form = forms.JeugdigeOverdragenForm(request.POST, prefix="overdragen", jeugdige=jeugdige)
    if form.is_valid():
        team = form.cleaned_data["team"]
        try:
            services.jeugdige_handover(user=user, jeugdige=jeugdige, team=team)
        except InvalidInput as exc:
            form.add_service_errors(exc)
        except Conflict as exc:
            return _render_jeugdige(request, selectors.jeugdige_get(user, pk), status=409, melding=exc.detail)
        else:
            naam = jeugdige.naam or f"Jeugdige {selectors.short_number(jeugdige.pk)}"
            messages.success(request, f"{naam} is overgedragen aan {team.naam}. Uw team ziet deze jeugdige niet meer.")
            return redirect("cases:dossiers")
    # the page shown again holds the same person data as a GET: read (and audit) it as one
    return _render_jeugdige(request, selectors.jeugdige_get(user, pk), overdragen=form, status=400)


# --- referral outcomes (issue 12) ---------------------------------------------------------------------------------------


@require_POST
@case_page
def doorverwijzing_wijzigen(request, pk, rid):
    """"Uitkomst bijwerken" of a referral on the dossier page: verwezen, gestart, afgewezen or niet gestart on a date,
    with a reason and overbrugging. An open referral anyone in the team updates; a final one only the teamleider (403)."""
    user = request.user
    dossier = selectors.dossier_get(user, pk, action=Action.SCHRIJVEN)  # outside the user's teams: 404
    verwijzing = selectors.doorverwijzing_get(user, dossier, rid)
    reason = services.doorverwijzing_update_refusal(user, verwijzing)
    if reason is not None:
        audit_refusal(user=user, action=Action.DOORVERWIJZING_WIJZIGEN, object_type="dossier", object_id=dossier.pk,
                      result=Result.GEWEIGERD, detail={"recht": Capability.REFERRAL_CORRECTION.value, "doorverwijzing": verwijzing.pk})
        raise Forbidden(reason)
    form = forms.DoorverwijzingUitkomstForm(request.POST, prefix=f"verwijzing-{verwijzing.pk}")
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            verwijzing = services.doorverwijzing_update(user=user, dossier=dossier, doorverwijzing=verwijzing, status=data["status"],
                                                        datum=data["datum"], reden=data["reden"], overbrugging=data["overbrugging"])
        except InvalidInput as exc:
            form.add_service_errors(exc)
        except (Conflict, PreconditionFailed) as exc:
            return _render_dossier(request, selectors.dossier_get(user, pk), status=409, melding=exc.detail)
        else:
            messages.success(request, f"De uitkomst van de doorverwijzing ({verwijzing.get_soort_display()}) is opgeslagen: "
                                      f"{verwijzing.get_status_display().lower()} sinds {verwijzing.status_sinds:%d-%m-%Y}.")
            return redirect(f"{reverse('cases:dossier', args=[dossier.pk])}#verwijzing-{verwijzing.pk}")
    return _render_dossier(request, selectors.dossier_get(user, pk), verwijzing_forms={verwijzing.pk: form}, status=status)


# --- betrokkenen of a dossier ------------------------------------------------------------------------------------------


@require_POST
@case_page
def betrokkene_toevoegen(request, pk):
    user = request.user
    dossier = selectors.dossier_get(user, pk, action=Action.SCHRIJVEN)
    form = forms.BetrokkeneForm(request.POST, prefix="betrokkene")
    if form.is_valid():
        try:
            services.betrokkene_add(user=user, dossier=dossier, **form.cleaned_data)
        except InvalidInput as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"{form.cleaned_data['naam']} is toegevoegd als betrokkene.")
            return redirect(f"{reverse('cases:dossier', args=[dossier.pk])}#betrokkenen")
    return _render_dossier(request, selectors.dossier_get(user, pk), betrokkene_form=form, status=400)


@require_POST
@case_page
def betrokkene_wijzigen(request, pk, bid):
    user = request.user
    dossier = selectors.dossier_get(user, pk, action=Action.SCHRIJVEN)
    betrokkene = selectors.betrokkene_get(user, dossier, bid)
    form = forms.BetrokkeneForm(request.POST, prefix=f"betrokkene-{betrokkene.pk}")
    if form.is_valid():
        try:
            services.betrokkene_update(user=user, dossier=dossier, betrokkene=betrokkene, **form.cleaned_data)
        except InvalidInput as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "De betrokkene is gewijzigd.")
            return redirect(f"{reverse('cases:dossier', args=[dossier.pk])}#betrokkenen")
    return _render_dossier(request, selectors.dossier_get(user, pk), betrokkene_forms={betrokkene.pk: form}, status=400)


@require_POST
@case_page
def betrokkene_verwijderen(request, pk, bid):
    user = request.user
    dossier = selectors.dossier_get(user, pk, action=Action.SCHRIJVEN)
    betrokkene = selectors.betrokkene_get(user, dossier, bid)
    services.betrokkene_delete(user=user, dossier=dossier, betrokkene=betrokkene)
    messages.success(request, f"{betrokkene.naam} is verwijderd als betrokkene.")
    return redirect(f"{reverse('cases:dossier', args=[dossier.pk])}#betrokkenen")


@require_GET
@case_page
def dossier_kort(request, short):
    """`/dossiers/{short}`: the short number shown on screen opens its dossier when it is unique in the user's teams."""
    dossier = selectors.dossier_by_number(request.user, short)
    if dossier is None:
        raise NotFound("Geen dossier met dit nummer in uw teams.")
    return redirect("cases:dossier", pk=dossier.pk)


# --- team overview -------------------------------------------------------------------------------------------


@require_GET
@page(Capability.CASE_WORK, object_type="teamoverzicht")
def team(request):
    """The team overview. Everyone in the team sees the referrals still waiting (issue 12: "tussen wal en schip"), to
    follow them up; the teamleider (`TEAM_OVERVIEW`) also the dashboard: statuses, overdue waakvlam, closure requests,
    contacts this week."""
    user = request.user
    today = _today()
    if rights.can(user, Capability.TEAM_OVERVIEW):
        teams = selectors.team_overview(user, today=today)
    else:
        teams = [{"team": t} for t in rights.teams_of(user).order_by("naam")]
    waiting = selectors.wachtende_verwijzingen(user, today=today)
    for t in teams:
        t["verwijzingen"] = waiting.get(t["team"].pk)
    return render(request, "cases/team.html", {"teams": teams, "vandaag": today,
                                               "week_start": today - timedelta(days=today.weekday())})


# --- the AVG inzage (beheerder): who read or changed a jeugdige, from the audit log ------------------------------

INZAGE_PAGE_SIZE = 100


@require_http_methods(["GET", "POST"])
@page(Capability.INZAGE, action=Action.AUDIT_INZAGE)
def inzage(request):
    """A form for the jeugdige's number or BSN; posted, the audit metadata about it (cases.inzage), paged. A POST, so
    the BSN stays out of the address, the browser history and the access logs."""
    term = request.POST.get("q", "").strip()[:64] if request.method == "POST" else ""
    context, status = {"q": term}, 200
    if request.method == "POST" and not term:
        context["fout"], status = "Vul het nummer, kenmerk of BSN van de jeugdige in.", 400
    elif term:
        try:
            found = inzage_selector.inzage(user=request.user, zoekterm=term)
        except InvalidInput as exc:
            context["fout"], status = exc.detail, 400
        except NotFound as exc:
            context["fout"], status = exc.detail, 404
        else:
            context |= {"inzage": found, "page": Paginator(found.regels, INZAGE_PAGE_SIZE).get_page(request.POST.get("page"))}
    return render(request, "cases/inzage.html", context, status=status)


# --- erasure on request (Jeugdwet art. 7.3.9): functioneel beheer -----------------------------------------------------


@page(Capability.ERASURE, object_type="jeugdige")
def vernietigen(request):
    """Two steps: the BSN or number and the reason, then a confirmation that shows counts (never dossier contents) and
    destroys on the second submit, with the box ticked. GET: the empty form."""
    form = forms.VernietigenForm(request.POST or None)
    preview = None
    status = 200
    if request.method == "POST" and not form.is_valid():
        status = 400
    elif request.method == "POST":
        data = form.cleaned_data
        try:
            retention.reden_check(data["reden"])  # the service checks it again; here so the first step already says so
            preview = selectors.erasure_preview(request.user, data["nummer"])
            if data["bevestigd"] and data["jeugdige"] != preview.jeugdige.pk:
                raise InvalidInput.one("nummer", "gewijzigd", "Het nummer is gewijzigd na het zoeken: controleer de jeugdige opnieuw.")
            if data["bevestigd"]:
                done = retention.jeugdige_erase(user=request.user, jeugdige=preview.jeugdige, reden=data["reden"])
                messages.success(request, f"De gegevens van jeugdige {preview.nummer} zijn vernietigd: {done.dossiers} eigen dossier(s) met "
                                          f"{done.contacten} contact(en); uit {done.uit_gezinsdossier} gezinsdossier(s) gehaald. "
                                          "Alleen geanonimiseerde telgegevens blijven, voor de cijfers van eerdere rapportages.")
                return redirect("cases:vernietigen")
            form = forms.VernietigenForm(initial={"nummer": data["nummer"], "reden": data["reden"], "jeugdige": preview.jeugdige.pk})
        except InvalidInput as exc:
            form.add_service_errors(exc)
            preview, status = None, 400
        except NotFound as exc:
            form.add_error("nummer", exc.detail)
            preview, status = None, 404
    return render(request, "cases/vernietigen.html", {"form": form, "preview": preview}, status=status)
