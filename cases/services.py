"""Every write of the registration. Keyword-only, validated, one transaction, with its audit row.

Each public service is a top-level one: `audit_refusals` (a refusal leaves one audit row, written after the
rollback in a transaction of its own) around `transaction.atomic(durable=True)` (nesting a service inside
another transaction fails at once). Services share work through the private helpers below, never by
calling each other.
"""

import hashlib
import json
import re
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Min
from django.utils import timezone

from cases import hulpperiodes
from cases.choices import (
    Aanmelder,
    DoelenBereikt,
    GeboortedatumPrecisie,
    Geslacht,
    Hulpsoort,
    Inzet,
    JaNeeOnbekend,
    Leeftijdsklasse,
    RedenBeeindiging,
    SoortDoorverwijzing,
    Status,
    Verwijzer,
    VerwijzingStatus,
    Vorm,
    is_hulpcontact,
)
from cases.models import (
    Adres,
    Betrokkene,
    Contact,
    Correctie,
    CorrectieSoort,
    Doorverwijzing,
    Dossier,
    Gezinslid,
    Hulpperiode,
    IdempotencyKey,
    Jeugdige,
    Probleemcategorie,
    Relatie,
    StatusWijziging,
    adres_op,
    naam_zoekvorm,
    volledige_naam,
)
from cases.status import check_transition
from cases.validation import MAX_REGISTRATIEDUUR_SECONDEN, add_months, bsn_is_valid, normalise_postcode
from jgt_registratie import rights
from jgt_registratie.audit import Action, audit_record, audit_refusals
from jgt_registratie.errors import Conflict, Errors, Forbidden, InvalidInput, NotFound, PreconditionFailed
from jgt_registratie.models import Gemeente, Team
from jgt_registratie.pseudonyms import pseudoniem_van
from jgt_registratie.rights import Capability

MAX_WAAKVLAM_MAANDEN = 6
#: a BSN known in another team (API.md 1.1: the hand-over settles it)
ANDER_TEAM_BSN = ("Dit BSN is al geregistreerd bij een ander team. De teamleider van dat team kan het dossier aan uw team "
                  "overdragen (Overdragen aan ander team); neem contact op met die teamleider.")
# API.md 1.1: the registering professional may correct their own contact this many days after registering it.
CONTACT_CORRECTIEDAGEN = 14


#: "not given" for a PATCH-like service argument (None may be a value)
_UNSET = object()


def today() -> date:
    return timezone.localdate()


# --- helpers -----------------------------------------------------------------------------------------


def _check_team(errors: Errors, user, team: Team | None, field: str = "team") -> None:
    if team is None or team.pk not in rights.team_ids(user):
        errors.add(field, "onbekend_team", "Onbekend team, of u bent geen lid van dit team.")


def _check_choice(errors: Errors, field: str, value, choices, label: str) -> None:
    if value not in choices.values:
        allowed = ", ".join(choices.values)
        errors.add(field, "ongeldige_keuze", f"Ongeldige {label} '{value}'. Kies uit: {allowed}.")


def _check_not_future(errors: Errors, field: str, value: date | None, label: str) -> None:
    if value is not None and value > today():
        errors.add(field, "datum_in_toekomst", f"De {label} ligt in de toekomst.")


def _categories(errors: Errors, codes, field: str = "probleemcategorieen", *, required: bool) -> list[Probleemcategorie]:
    codes = list(dict.fromkeys(codes or []))
    if required and not codes:
        errors.add(field, "verplicht", "Kies ten minste één probleemcategorie.")
        return []
    found = {c.code: c for c in Probleemcategorie.objects.filter(code__in=codes, actief=True)}
    unknown = [code for code in codes if code not in found]
    if unknown:
        errors.add(field, "onbekende_categorie", f"Onbekende of niet meer actieve probleemcategorie: {', '.join(map(str, unknown))}.")
    return [found[c] for c in codes if c in found]


def _bump(dossier: Dossier, *fields: str) -> None:
    dossier.versie += 1
    dossier.save(update_fields=["versie", "gewijzigd_op", *fields])


def _check_etag(dossier: Dossier, if_match: str | None) -> None:
    if if_match is not None and if_match.strip() not in (dossier.etag, "*"):
        raise PreconditionFailed("Het dossier is intussen gewijzigd. Haal het opnieuw op en probeer het nog eens.")


def _lock(dossier: Dossier) -> Dossier:
    """Re-read the dossier under a row lock so concurrent writes serialise."""
    return Dossier.objects.select_for_update().get(pk=dossier.pk)


def _history(dossier: Dossier) -> list[StatusWijziging]:
    """The dossier's status history, oldest first (ordered by datum and id): read once per service, under its lock,
    by the helpers that need it (`_check_date_in_dossier`, `_activate_by_contact`, `_nagekomen`, the rebuild)."""
    return list(dossier.statusgeschiedenis.order_by("datum", "id"))


def _last_contact_date(dossier: Dossier) -> date | None:
    last = dossier.contacten.order_by("-datum").values_list("datum", flat=True).first()
    return last


# --- jeugdigen -------------------------------------------------------------------------------------------


#: an unborn child is registered from pregnancy: its expected birth date lies at most this many months ahead...
MAX_VERWACHT_MAANDEN = 10
#: ...and, when the birth has not been registered yet, at most this many days ago (a birth is often reported late)
MAX_VERWACHT_VERSTREKEN_DAGEN = 42


def _check_birth(errors: Errors, geboortedatum: date | None, precisie: str | None,
                 verwachte_geboortedatum: date | None) -> tuple[date | None, str]:
    """The birth date as stored: with precision `maand` the day is 1, with `jaar` also the month; None when unborn.

    A born jeugdige is 0 to 22 years old (with an unknown day or month: possibly so, on the latest date it could be);
    an unborn child has an expected date from a few weeks ago to ten months ahead.
    """
    precisie = precisie or GeboortedatumPrecisie.DAG
    _check_choice(errors, "geboortedatumPrecisie", precisie, GeboortedatumPrecisie, "precisie van de geboortedatum")
    if geboortedatum is not None and verwachte_geboortedatum is not None:
        errors.add("verwachteGeboortedatum", "geboren_en_verwacht",
                   "Geef een geboortedatum óf, bij een kind dat nog niet geboren is, een verwachte geboortedatum; niet allebei.")
        return None, precisie
    if geboortedatum is None and verwachte_geboortedatum is None:
        errors.add("geboortedatum", "verplicht", "De geboortedatum is verplicht (of, als het kind nog niet geboren is, de verwachte geboortedatum).")
        return None, precisie
    if geboortedatum is None:
        if precisie != GeboortedatumPrecisie.DAG:
            errors.add("geboortedatumPrecisie", "ongeboren_precisie",
                       "Bij een kind dat nog niet geboren is, geldt de precisie van de geboortedatum niet: laat die leeg of 'dag'.")
        if verwachte_geboortedatum > add_months(today(), MAX_VERWACHT_MAANDEN):
            errors.add("verwachteGeboortedatum", "te_ver_vooruit",
                       f"De verwachte geboortedatum ligt meer dan {MAX_VERWACHT_MAANDEN} maanden vooruit.")
        elif verwachte_geboortedatum < today() - timedelta(days=MAX_VERWACHT_VERSTREKEN_DAGEN):
            errors.add("verwachteGeboortedatum", "verwacht_verstreken",
                       f"De verwachte geboortedatum ligt meer dan {MAX_VERWACHT_VERSTREKEN_DAGEN // 7} weken terug: "
                       "het kind is dan waarschijnlijk geboren. Registreer de geboortedatum.")
        return None, GeboortedatumPrecisie.DAG
    if precisie == GeboortedatumPrecisie.MAAND:
        geboortedatum, latest = geboortedatum.replace(day=1), add_months(geboortedatum.replace(day=1), 1) - timedelta(days=1)
    elif precisie == GeboortedatumPrecisie.JAAR:
        geboortedatum, latest = date(geboortedatum.year, 1, 1), date(geboortedatum.year, 12, 31)
    else:
        latest = geboortedatum
    if geboortedatum > today():
        errors.add("geboortedatum", "datum_in_toekomst",
                   "De geboortedatum ligt in de toekomst. Is het kind nog niet geboren? Geef dan de verwachte geboortedatum.")
    elif latest < add_months(today(), -23 * 12):
        errors.add("geboortedatum", "te_oud", "Een jeugdige is 0 tot en met 22 jaar oud.")
    return geboortedatum, precisie


def _check_address(errors: Errors, gemeente: Gemeente | None, postcode: str | None) -> str:
    """The normalised postcode ('' when not given)."""
    if gemeente is None:
        errors.add("gemeente", "onbekende_gemeente", "Onbekende gemeente.")
    if not postcode:
        return ""
    normalised = normalise_postcode(postcode)
    if normalised is None:
        errors.add("postcode", "ongeldige_postcode", "Een postcode bestaat uit 4 cijfers en 2 letters, bijvoorbeeld 2311AB.")
    return normalised or ""


NAAM_VELDEN = {"voornamen": 200, "tussenvoegsel": 30, "achternaam": 200}


def _check_names(errors: Errors, **given) -> dict:
    """The name parts given (None: not given), stripped; each within its length. Optional in the API (API.md 1.1)."""
    names = {}
    for field, value in given.items():
        if value is None:
            continue
        value = " ".join(str(value).split())
        if len(value) > NAAM_VELDEN[field]:
            errors.add(field, "te_lang", f"Dit veld is te lang: hoogstens {NAAM_VELDEN[field]} tekens.")
        names[field] = value
    return names


def _zoeknaam(names: dict) -> str:
    return naam_zoekvorm(volledige_naam(names.get("voornamen", ""), names.get("tussenvoegsel", ""), names.get("achternaam", "")))


@audit_refusals(Action.JEUGDIGE_REGISTREREN, "jeugdige", None)
@transaction.atomic(durable=True)
def jeugdige_register(*, user, team: Team | None, geboortedatum: date | None, geslacht: str, gemeente: Gemeente | None,
                      bsn: str | None = None, postcode: str | None = None, geboortedatum_precisie: str | None = None,
                      verwachte_geboortedatum: date | None = None, voornamen: str | None = None, tussenvoegsel: str | None = None,
                      achternaam: str | None = None) -> Jeugdige:
    """A jeugdige with its first address (`postcode`, `gemeente`, holding from the start). Born: `geboortedatum` with its
    precision ("dag", "maand" = day unknown, "jaar" = day and month unknown). Unborn: no geboortedatum and a
    `verwachte_geboortedatum`."""
    rights.check(user, Capability.CASE_WORK)
    errors = Errors()
    _check_team(errors, user, team)
    bsn = (bsn or "").strip() or None
    if bsn is not None and not bsn_is_valid(bsn):
        errors.add("bsn", "ongeldig_bsn", "Dit is geen geldig BSN: het moet 9 cijfers hebben en de elfproef doorstaan.")
    geboortedatum, precisie = _check_birth(errors, geboortedatum, geboortedatum_precisie, verwachte_geboortedatum)
    _check_choice(errors, "geslacht", geslacht, Geslacht, "waarde voor geslacht")
    normalised = _check_address(errors, gemeente, postcode)
    names = _check_names(errors, voornamen=voornamen, tussenvoegsel=tussenvoegsel, achternaam=achternaam)
    errors.raise_if_any()
    try:
        with transaction.atomic():  # a savepoint: a concurrent registration of the same BSN is a 409, not a 500
            jeugdige = Jeugdige.objects.create(
                bsn=bsn, geboortedatum=geboortedatum, geboortedatum_precisie=precisie,
                verwachte_geboortedatum=verwachte_geboortedatum if geboortedatum is None else None,
                geslacht=geslacht, team=team, aangemaakt_door=user, **names, zoeknaam=_zoeknaam(names),
            )
            Adres.objects.create(jeugdige=jeugdige, postcode=normalised, gemeente=gemeente, geldig_vanaf=None, geregistreerd_door=user)
    except IntegrityError:
        existing = Jeugdige.objects.filter(bsn=bsn).values_list("id", flat=True).first() if bsn else None
        if existing is None:
            raise
        if not Jeugdige.objects.filter(pk=existing, team__in=rights.teams_of(user)).exists():
            raise Conflict(ANDER_TEAM_BSN, extra={"bestaandId": str(existing)}) from None
        raise Conflict("Deze jeugdige is al geregistreerd met dit BSN. Open de bestaande jeugdige.",
                       extra={"bestaandId": str(existing)}) from None
    audit_record(user=user, action=Action.JEUGDIGE_REGISTREREN, object_type="jeugdige", object_id=jeugdige.pk)
    return jeugdige


@audit_refusals(Action.VERHUIZING_VASTLEGGEN, "jeugdige", "jeugdige")
@transaction.atomic(durable=True)
def adres_register(*, user, jeugdige: Jeugdige, gemeente: Gemeente | None, geldig_vanaf: date | None,
                   postcode: str | None = None) -> Adres:
    """A move (DOMAIN.md section 4): a new address from `geldig_vanaf`, never an overwrite of the old one.

    It changes the gemeente (and pc4) of every report about the days from that date on, so it is also recorded as a
    correction (`Correctie` VERHUIZING from that date until the next known move, or open-ended). Not in the future, not before the birth date, and one address per
    date: a second move on a date that has one is a 409; a "move" to the address that already holds then is a 400.
    """
    rights.check(user, Capability.CASE_WORK)
    jeugdige = Jeugdige.objects.select_for_update().get(pk=jeugdige.pk)  # serialise moves of one jeugdige
    errors = Errors()
    normalised = _check_address(errors, gemeente, postcode)
    if geldig_vanaf is None:
        errors.add("geldigVanaf", "verplicht", "De datum van de verhuizing is verplicht.")
    else:
        _check_not_future(errors, "geldigVanaf", geldig_vanaf, "datum van de verhuizing")
        if jeugdige.geboortedatum is not None and geldig_vanaf < jeugdige.geboortedatum:
            errors.add("geldigVanaf", "voor_geboorte",
                       f"De datum van de verhuizing ligt vóór de geboortedatum ({jeugdige.geboortedatum_weergave}).")
    errors.raise_if_any()
    adressen = list(jeugdige.adressen.all())
    if any(a.geldig_vanaf == geldig_vanaf for a in adressen):
        raise Conflict(f"Op {geldig_vanaf:%d-%m-%Y} begint al een adres van deze jeugdige. Kies een andere datum; "
                       "een fout adres laat u corrigeren door functioneel beheer.")
    geldend = adres_op(adressen, geldig_vanaf)
    if geldend is not None and geldend.gemeente_id == gemeente.pk and geldend.postcode == normalised:
        raise InvalidInput.one("postcode", "geen_verhuizing", f"Dit adres geldt op {geldig_vanaf:%d-%m-%Y} al: er is niets veranderd.")
    adres = Adres.objects.create(jeugdige=jeugdige, postcode=normalised, gemeente=gemeente, geldig_vanaf=geldig_vanaf,
                                 geregistreerd_door=user)
    # The new address holds until the next one (if a later move is known), else from now on: every day in between is
    # reported in another gemeente, so the correction touches all of them.
    volgende = min((a.geldig_vanaf for a in adressen if a.geldig_vanaf is not None and a.geldig_vanaf > geldig_vanaf), default=None)
    tot = volgende - timedelta(days=1) if volgende is not None else date.max
    Correctie.objects.create(soort=CorrectieSoort.VERHUIZING, datum_van=geldig_vanaf, datum_tot=tot, jeugdige=jeugdige, door=user)
    audit_record(user=user, action=Action.VERHUIZING_VASTLEGGEN, object_type="jeugdige", object_id=jeugdige.pk,
                 detail={"geldig_vanaf": geldig_vanaf.isoformat()})
    return adres


#: what the audit row of a jeugdige correction keeps in place of a BSN or a name part: the audit log is append-only and
#: outlives an erasure on request (art. 7.3.9), so it says that such a field changed, never what it was or became
AUDIT_MASK = "*********"
_IDENTITY_FIELDS = frozenset({"bsn", "voornamen", "tussenvoegsel", "achternaam"})
_BIRTH_FIELDS = ("geboortedatum", "geboortedatum_precisie", "verwachte_geboortedatum")


def _jeugdige_values(jeugdige: Jeugdige) -> dict:
    return {
        "voornamen": jeugdige.voornamen, "tussenvoegsel": jeugdige.tussenvoegsel, "achternaam": jeugdige.achternaam,
        "bsn": jeugdige.bsn, "geboortedatum": jeugdige.geboortedatum.isoformat() if jeugdige.geboortedatum else None,
        "geboortedatum_precisie": jeugdige.geboortedatum_precisie,
        "verwachte_geboortedatum": jeugdige.verwachte_geboortedatum.isoformat() if jeugdige.verwachte_geboortedatum else None,
        "geslacht": jeugdige.geslacht,
    }


def _audit_value(field: str, value):
    if field in _IDENTITY_FIELDS:
        return AUDIT_MASK if value else None  # null / '' (none) is kept: "a BSN was added" stays visible
    return value


@audit_refusals(Action.JEUGDIGE_WIJZIGEN, "jeugdige", "jeugdige")
@transaction.atomic(durable=True)
def jeugdige_update(*, user, jeugdige: Jeugdige, voornamen=_UNSET, tussenvoegsel=_UNSET, achternaam=_UNSET, bsn=_UNSET,
                    geboortedatum=_UNSET, geboortedatum_precisie=_UNSET, verwachte_geboortedatum=_UNSET, geslacht=_UNSET) -> Jeugdige:
    """Correct a jeugdige's name, BSN, birth date (with its precision, or the expected date of an unborn child) or
    geslacht: the fields given; the rules are those of registering it (a BSN this organisation knows is a 409 with
    `bestaandId`). A changed birth date or geslacht changes the rows of the exports and reports of every period the
    jeugdige counts in, so it is also a correction (`Correctie` JEUGDIGE_GEWIJZIGD). The audit row keeps the old and
    new values, with BSN and name masked (`AUDIT_MASK`)."""
    rights.check(user, Capability.CASE_WORK)
    jeugdige = Jeugdige.objects.select_for_update().get(pk=jeugdige.pk)
    if jeugdige.team_id is None or not (rights.teams_of(user).filter(pk=jeugdige.team_id).exists()
                                         or Dossier.objects.filter(jeugdigen=jeugdige, team__in=rights.teams_of(user)).exists()):
        raise NotFound("Deze jeugdige bestaat niet of valt buiten uw teams.")
    errors = Errors()
    names = _check_names(errors, **{k: v for k, v in (("voornamen", voornamen), ("tussenvoegsel", tussenvoegsel),
                                                        ("achternaam", achternaam)) if v is not _UNSET and v is not None})
    changes = dict(names)
    if bsn is not _UNSET:
        bsn = (bsn or "").strip().replace(" ", "").replace(".", "") or None
        if bsn is not None and not bsn_is_valid(bsn):
            errors.add("bsn", "ongeldig_bsn", "Dit is geen geldig BSN: het moet 9 cijfers hebben en de elfproef doorstaan.")
        changes["bsn"] = bsn
    if geslacht is not _UNSET:
        _check_choice(errors, "geslacht", geslacht, Geslacht, "waarde voor geslacht")
        changes["geslacht"] = geslacht
    if any(v is not _UNSET for v in (geboortedatum, geboortedatum_precisie, verwachte_geboortedatum)):
        # the birth is given as a whole (a date and its precision, or an expected date): what is not given is as before
        new_geboren = jeugdige.geboortedatum if geboortedatum is _UNSET else geboortedatum
        new_verwacht = jeugdige.verwachte_geboortedatum if verwachte_geboortedatum is _UNSET else verwachte_geboortedatum
        new_precisie = jeugdige.geboortedatum_precisie if geboortedatum_precisie is _UNSET else geboortedatum_precisie
        if geboortedatum is not _UNSET and geboortedatum is not None and verwachte_geboortedatum is _UNSET:
            new_verwacht = None  # a birth registered: the expected date goes
        if verwachte_geboortedatum is not _UNSET and verwachte_geboortedatum is not None and geboortedatum is _UNSET:
            new_geboren = None
        new_geboren, new_precisie = _check_birth(errors, new_geboren, new_precisie, new_verwacht)
        if new_geboren is not None and jeugdige.adressen.filter(geldig_vanaf__lt=new_geboren).exists():
            errors.add("geboortedatum", "na_verhuizing", "De geboortedatum ligt na een verhuizing van deze jeugdige.")
        changes.update(geboortedatum=new_geboren, geboortedatum_precisie=new_precisie,
                       verwachte_geboortedatum=new_verwacht if new_geboren is None else None)
    if not changes:
        errors.add("body", "geen_wijziging", "Geef ten minste één veld om te wijzigen.")
    errors.raise_if_any()
    before = _jeugdige_values(jeugdige)
    for field, value in changes.items():
        setattr(jeugdige, field, value)
    jeugdige.zoeknaam = naam_zoekvorm(jeugdige.naam)
    try:
        with transaction.atomic():
            jeugdige.save(update_fields=[*changes, "zoeknaam"])
    except IntegrityError:
        existing = Jeugdige.objects.filter(bsn=changes.get("bsn")).exclude(pk=jeugdige.pk).values_list("id", flat=True).first()
        if existing is None:
            raise
        raise Conflict("Dit BSN hoort al bij een andere jeugdige van de organisatie. Open de bestaande jeugdige.",
                       extra={"bestaandId": str(existing)}) from None
    after = _jeugdige_values(jeugdige)
    changed = [k for k in after if after[k] != before[k]]
    detail = {"oud": {k: _audit_value(k, before[k]) for k in changed}, "nieuw": {k: _audit_value(k, after[k]) for k in changed}}
    if "bsn" in changed:
        # The BSN stays masked, but which pseudonym the exports carried before and carry now is kept, so that a
        # delivery made before the correction can be traced to this jeugdige.
        detail["pseudoniem"] = {"oud": pseudoniem_van(bsn=before["bsn"], jeugdige_id=jeugdige.pk),
                                "nieuw": pseudoniem_van(bsn=after["bsn"], jeugdige_id=jeugdige.pk)}
    if {"geslacht", "bsn", *_BIRTH_FIELDS} & set(changed):
        # it changes the rows of every period the jeugdige counts in (a BSN: its pseudonym and the delivery's BSN),
        # from its first aanmelding up to today
        first = Dossier.objects.filter(jeugdigen=jeugdige).order_by("aanmelddatum").values_list("aanmelddatum", flat=True).first()
        correctie = Correctie.objects.create(soort=CorrectieSoort.JEUGDIGE_GEWIJZIGD, datum_van=min(first or today(), today()),
                                             datum_tot=today(), jeugdige=jeugdige, door=user)
        detail["correctie"] = correctie.pk
    audit_record(user=user, action=Action.JEUGDIGE_WIJZIGEN, object_type="jeugdige", object_id=jeugdige.pk, detail=detail)
    return jeugdige


# --- betrokkenen of a dossier (API.md 1.1): person data of the team, never in an export ----------------------------


def _check_betrokkene(errors: Errors, *, naam=_UNSET, relatie=_UNSET, telefoon=_UNSET, email=_UNSET) -> dict:
    values = {}
    if naam is not _UNSET:
        naam = " ".join((naam or "").split())
        if not naam:
            errors.add("naam", "verplicht", "De naam is verplicht.")
        elif len(naam) > 200:
            errors.add("naam", "te_lang", "De naam is te lang: hoogstens 200 tekens.")
        values["naam"] = naam
    if relatie is not _UNSET:
        _check_choice(errors, "relatie", relatie, Relatie, "relatie")
        values["relatie"] = relatie
    if telefoon is not _UNSET:
        telefoon = (telefoon or "").strip()
        if telefoon and not re.fullmatch(r"\+?[0-9 ()-]{6,20}", telefoon):
            errors.add("telefoon", "ongeldig_telefoonnummer", "Een telefoonnummer bestaat uit cijfers, bijvoorbeeld 06 12345678.")
        values["telefoon"] = telefoon
    if email is not _UNSET:
        email = (email or "").strip()
        if email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
            errors.add("email", "ongeldig_email", "Dit is geen geldig e-mailadres.")
        values["email"] = email
    return values


def _betrokkene_of(user, dossier: Dossier, betrokkene: Betrokkene | None) -> tuple[Dossier, Betrokkene]:
    rights.check(user, Capability.CASE_WORK)
    if dossier is None or not rights.teams_of(user).filter(pk=dossier.team_id).exists():
        raise NotFound("Dit dossier bestaat niet of valt buiten uw teams.")
    dossier = _lock(dossier)
    found = Betrokkene.objects.select_for_update().filter(pk=getattr(betrokkene, "pk", None), dossier=dossier).first()
    if found is None:
        raise NotFound("Deze betrokkene bestaat niet bij dit dossier.")
    return dossier, found


@audit_refusals(Action.BETROKKENE_TOEVOEGEN, "dossier", "dossier")
@transaction.atomic(durable=True)
def betrokkene_add(*, user, dossier: Dossier, naam: str, relatie: str, telefoon: str = "", email: str = "") -> Betrokkene:
    """A parent, guardian, foster parent or other person to reach the family through. The audit row names the dossier
    and the betrokkene's key, never its name or contact details."""
    rights.check(user, Capability.CASE_WORK)
    if dossier is None or not rights.teams_of(user).filter(pk=dossier.team_id).exists():
        raise NotFound("Dit dossier bestaat niet of valt buiten uw teams.")
    dossier = _lock(dossier)
    errors = Errors()
    values = _check_betrokkene(errors, naam=naam, relatie=relatie, telefoon=telefoon, email=email)
    errors.raise_if_any()
    betrokkene = Betrokkene.objects.create(dossier=dossier, **values)
    audit_record(user=user, action=Action.BETROKKENE_TOEVOEGEN, object_type="dossier", object_id=dossier.pk,
                 detail={"betrokkene": str(betrokkene.pk), "relatie": betrokkene.relatie})
    return betrokkene


@audit_refusals(Action.BETROKKENE_WIJZIGEN, "dossier", "dossier")
@transaction.atomic(durable=True)
def betrokkene_update(*, user, dossier: Dossier, betrokkene: Betrokkene | None, naam=_UNSET, relatie=_UNSET, telefoon=_UNSET,
                      email=_UNSET) -> Betrokkene:
    """Correct a betrokkene (the fields given). The audit row lists the fields that changed and the old and new relation;
    name, phone and e-mail are person data and are only named."""
    dossier, betrokkene = _betrokkene_of(user, dossier, betrokkene)
    errors = Errors()
    values = _check_betrokkene(errors, naam=naam, relatie=relatie, telefoon=telefoon, email=email)
    if not values:
        errors.add("body", "geen_wijziging", "Geef ten minste één veld om te wijzigen.")
    errors.raise_if_any()
    changed = [k for k, v in values.items() if getattr(betrokkene, k) != v]
    detail = {"betrokkene": str(betrokkene.pk), "velden": changed}
    if "relatie" in changed:
        detail.update(oud={"relatie": betrokkene.relatie}, nieuw={"relatie": values["relatie"]})
    for field, value in values.items():
        setattr(betrokkene, field, value)
    betrokkene.save(update_fields=list(values))
    audit_record(user=user, action=Action.BETROKKENE_WIJZIGEN, object_type="dossier", object_id=dossier.pk, detail=detail)
    return betrokkene


@audit_refusals(Action.BETROKKENE_VERWIJDEREN, "dossier", "dossier")
@transaction.atomic(durable=True)
def betrokkene_delete(*, user, dossier: Dossier, betrokkene: Betrokkene | None) -> None:
    dossier, betrokkene = _betrokkene_of(user, dossier, betrokkene)
    detail = {"betrokkene": str(betrokkene.pk), "relatie": betrokkene.relatie}
    betrokkene.delete()
    audit_record(user=user, action=Action.BETROKKENE_VERWIJDEREN, object_type="dossier", object_id=dossier.pk, detail=detail)


# --- dossiers -----------------------------------------------------------------------------------------------


@audit_refusals(Action.DOSSIER_OPENEN, "dossier", None)
@transaction.atomic(durable=True)
def dossier_open(*, user, team: Team | None, jeugdigen: list[Jeugdige], aanmelddatum: date | None, aanmelder: str,
                 hulpsoort: str, probleemcategorieen: list[str], gestart_met_crisis: bool = False,
                 verwijzer: str | None = None, regiehouder=None) -> Dossier:
    rights.check(user, Capability.CASE_WORK)
    errors = Errors()
    _check_team(errors, user, team)
    if not jeugdigen:
        errors.add("jeugdigen", "verplicht", "Een dossier heeft ten minste één jeugdige.")
    if aanmelddatum is None:
        errors.add("aanmelddatum", "verplicht", "De aanmelddatum is verplicht.")
    _check_not_future(errors, "aanmelddatum", aanmelddatum, "aanmelddatum")
    _check_choice(errors, "aanmelder", aanmelder, Aanmelder, "aanmelder")
    _check_choice(errors, "hulpsoort", hulpsoort, Hulpsoort, "hulpsoort")
    verwijzer = verwijzer or Verwijzer.GEEN_VERWIJZER
    _check_choice(errors, "verwijzer", verwijzer, Verwijzer, "verwijzer")
    categories = _categories(errors, probleemcategorieen, required=True)
    if team is not None and jeugdigen:
        # lock the children and compare their team with the one the caller looked them up with: a hand-over of one of
        # them that committed in between is refused (one that waits for this finds the child in this dossier), so it can
        # never leave a child in a dossier of a team it has left. Which children the caller may use is the selector's
        # matter, as in 1.0 (`selectors.jeugdigen_for`): only a change since the lookup is refused here.
        locked = dict(Jeugdige.objects.select_for_update().filter(pk__in=[j.pk for j in jeugdigen]).order_by("pk")
                      .values_list("pk", "team_id"))
        if any(j.pk not in locked or locked[j.pk] != j.team_id for j in jeugdigen):
            errors.add("jeugdigen", "onbekende_jeugdige", "Een of meer jeugdigen horen niet (meer) bij dit team: zoek de jeugdige "
                       "opnieuw op, of vraag het team waar de jeugdige nu bij hoort.")
    regiehouder = regiehouder or user
    if team is not None and (not rights.can(regiehouder, Capability.CASE_WORK) or not rights.teams_of(regiehouder).filter(pk=team.pk).exists()):
        errors.add("regiehouder", "geen_teamlid", "De regiehouder moet een professional of teamleider van dit team zijn.")
    errors.raise_if_any()
    dossier = Dossier.objects.create(
        team=team, aanmelddatum=aanmelddatum, aanmelder=aanmelder, hulpsoort=hulpsoort,
        gestart_met_crisis=bool(gestart_met_crisis), verwijzer=verwijzer, regiehouder=regiehouder,
        status=Status.AANGEMELD, status_sinds=aanmelddatum,
    )
    dossier.jeugdigen.set(jeugdigen)
    dossier.probleemcategorieen.set(categories)
    StatusWijziging.objects.create(dossier=dossier, van="", naar=Status.AANGEMELD, datum=aanmelddatum, door=user)
    audit_record(user=user, action=Action.DOSSIER_OPENEN, object_type="dossier", object_id=dossier.pk)
    return dossier



# The dossier fields a PATCH may change that figures read: such a PATCH is a correction (`Correctie`).
FIGURE_FIELDS = frozenset({"hulpsoort", "probleemcategorieen", "gestart_met_crisis"})


@audit_refusals(Action.DOSSIER_WIJZIGEN, "dossier", "dossier")
@transaction.atomic(durable=True)
def dossier_update(*, user, dossier: Dossier, if_match: str | None = None, hulpsoort=_UNSET,
                   probleemcategorieen=_UNSET, regiehouder=_UNSET, gestart_met_crisis=_UNSET) -> Dossier:
    rights.check(user, Capability.CASE_WORK)
    dossier = _lock(dossier)
    _check_etag(dossier, if_match)
    errors = Errors()
    changed = []
    if hulpsoort is not _UNSET:
        _check_choice(errors, "hulpsoort", hulpsoort, Hulpsoort, "hulpsoort")
        changed.append("hulpsoort")
    categories = None
    if probleemcategorieen is not _UNSET:
        categories = _categories(errors, probleemcategorieen, required=True)
    if regiehouder is not _UNSET:
        if regiehouder is None or not rights.teams_of(regiehouder).filter(pk=dossier.team_id).exists():
            errors.add("regiehouder", "geen_teamlid", "De regiehouder moet een professional of teamleider van dit team zijn.")
        changed.append("regiehouder")
    if gestart_met_crisis is not _UNSET:
        changed.append("gestart_met_crisis")
    if not changed and probleemcategorieen is _UNSET:
        errors.add("body", "geen_wijziging", "Geef ten minste één veld om te wijzigen.")
    errors.raise_if_any()
    if dossier.status == Status.AFGESLOTEN:
        raise Conflict("Een afgesloten dossier kan niet worden gewijzigd. Laat de teamleider het eerst heropenen.")
    if hulpsoort is not _UNSET:
        dossier.hulpsoort = hulpsoort
    if regiehouder is not _UNSET:
        dossier.regiehouder = regiehouder
    if gestart_met_crisis is not _UNSET:
        dossier.gestart_met_crisis = bool(gestart_met_crisis)
    if categories is not None:
        dossier.probleemcategorieen.set(categories)
        changed.append("probleemcategorieen")
    _bump(dossier, *[f for f in changed if f != "probleemcategorieen"])
    detail = {"velden": changed}
    if set(changed) & FIGURE_FIELDS:
        # A correction of today's registration: it may change the running hulpperiode (and marks it when it does);
        # the ended ones keep the dossier's values of when their help ended (DOMAIN.md section 4: frozen).
        correctie = Correctie(soort=CorrectieSoort.DOSSIER_GEWIJZIGD, datum_van=today(), datum_tot=today(), dossier=dossier, door=user)
        correctie.hulpperiodes_gewijzigd = hulpperiodes.rebuild(dossier, correctie=correctie)
        # Saved with the registration dates whose figures it changed, so a published report of those dates names it
        # (reporting.versions): the running hulpperiode it rewrote from its start, and every record of the dossier
        # from the aanmelding for gestart_met_crisis (a fact of the dossier's start, which every record carries).
        if "gestart_met_crisis" in changed:
            correctie.datum_van = dossier.aanmelddatum
        elif correctie.hulpperiodes_gewijzigd:
            running = dossier.hulpperiodes.filter(einde__isnull=True).aggregate(start=Min("start"))["start"]
            correctie.datum_van = min(correctie.datum_van, running or correctie.datum_van)
        correctie.save()
        detail["correctie"] = correctie.pk
    audit_record(user=user, action=Action.DOSSIER_WIJZIGEN, object_type="dossier", object_id=dossier.pk, detail=detail)
    return dossier


def _transition_date(errors: Errors, dossier: Dossier, datum: date | None, field: str = "datum") -> date:
    """The date of a status change: not in the future, not before the current status's date."""
    datum = datum or today()
    _check_not_future(errors, field, datum, "datum")
    if datum < dossier.status_sinds:
        errors.add(field, "datum_voor_huidige_status",
                   f"De datum ligt vóór de datum van de huidige status ({dossier.status_sinds:%d-%m-%Y}).")
    return datum


def _change_status(*, user, dossier: Dossier, naar: str, datum: date, action: Action, automatisch=False,
                   dossier_fields: dict | None = None, rebuild: bool = True, **history) -> Dossier:
    """Record the transition, apply it (with `dossier_fields`) in one save, rebuild hulpperiodes (unless the caller
    rebuilds itself, `rebuild=False`), audit."""
    van = dossier.status
    if naar == Status.AFGESLOTEN and dossier.afsluiting_gevraagd_op is not None:
        # the request this closure answers stays with it (the dossier's own fields are emptied below)
        history.update(afsluitverzoek_op=dossier.afsluiting_gevraagd_op, afsluitverzoek_toelichting=dossier.afsluiting_toelichting)
    StatusWijziging.objects.create(dossier=dossier, van=van, naar=naar, datum=datum, door=user, automatisch=automatisch, **history)
    dossier.status = naar
    dossier.status_sinds = datum
    fields = ["status", "status_sinds"]
    if naar != Status.WAAKVLAM:
        dossier.evaluatiedatum = None
        fields.append("evaluatiedatum")
    if naar != Status.AFGESLOTEN:
        dossier.einddatum = None
        dossier.reden_beeindiging = dossier.doelen_bereikt = dossier.zonder_hulp_verder = ""
        dossier.tevredenheid = None
        fields += ["einddatum", "reden_beeindiging", "doelen_bereikt", "zonder_hulp_verder", "tevredenheid"]
    if naar in (Status.AFGESLOTEN, Status.ACTIEF):
        dossier.afsluiting_gevraagd_op = None
        dossier.afsluiting_toelichting = ""
        fields += ["afsluiting_gevraagd_op", "afsluiting_toelichting"]
    for name, value in (dossier_fields or {}).items():
        setattr(dossier, name, value)
        fields.append(name)
    _bump(dossier, *dict.fromkeys(fields))
    gewijzigd = hulpperiodes.rebuild(dossier) if rebuild else 0
    detail = {"van": van, "naar": naar, "datum": datum.isoformat(), "automatisch": automatisch}
    if not automatisch and datum < today():
        # A backdated status change rewrites the help of the days since (DOMAIN.md section 4, corrections): on record, so
        # a published report of those days can name it.
        detail["correctie"] = Correctie.objects.create(soort=CorrectieSoort.STATUS_TERUGGEZET, datum_van=datum, datum_tot=today(),
                                                      dossier=dossier, door=user, hulpperiodes_gewijzigd=gewijzigd).pk
    audit_record(user=user, action=action, object_type="dossier", object_id=dossier.pk, detail=detail)
    return dossier


@audit_refusals(Action.DOSSIER_ACTIVEREN, "dossier", "dossier")
@transaction.atomic(durable=True)
def dossier_activate(*, user, dossier: Dossier, datum: date | None = None, if_match: str | None = None) -> Dossier:
    rights.check(user, Capability.CASE_WORK)
    dossier = _lock(dossier)
    _check_etag(dossier, if_match)
    check_transition(current=dossier.status, role=user.role, action="activeren")
    errors = Errors()
    datum = _transition_date(errors, dossier, datum)
    errors.raise_if_any()
    return _change_status(user=user, dossier=dossier, naar=Status.ACTIEF, datum=datum, action=Action.DOSSIER_ACTIVEREN)


def _outcome(errors: Errors, *, reden_beeindiging: str, doelen_bereikt: str, tevredenheid: int | None,
             zonder_hulp_verder: str) -> dict:
    """The end of help asked at waakvlam: reden beëindiging and outcome, checked as `dossier_close` checks them."""
    _check_choice(errors, "redenBeeindiging", reden_beeindiging, RedenBeeindiging, "reden beëindiging")
    _check_choice(errors, "doelenBereikt", doelen_bereikt, DoelenBereikt, "waarde voor doelen bereikt")
    _check_choice(errors, "zonderHulpVerder", zonder_hulp_verder, JaNeeOnbekend, "waarde voor zonder hulp verder")
    if tevredenheid is not None and not (isinstance(tevredenheid, int) and not isinstance(tevredenheid, bool) and 1 <= tevredenheid <= 5):
        errors.add("tevredenheid", "ongeldige_tevredenheid", "De tevredenheid is een cijfer van 1 tot en met 5, of leeg als het niet is gevraagd.")
    return {
        "reden_beeindiging": reden_beeindiging,
        "doelen_bereikt": doelen_bereikt,
        "tevredenheid": tevredenheid,
        "zonder_hulp_verder": zonder_hulp_verder,
    }


@audit_refusals(Action.DOSSIER_WAAKVLAM, "dossier", "dossier")
@transaction.atomic(durable=True)
def dossier_waakvlam(*, user, dossier: Dossier, evaluatiedatum: date | None, datum: date | None = None,
                     reden_beeindiging: str = RedenBeeindiging.VOLGENS_PLAN, doelen_bereikt: str = DoelenBereikt.ONBEKEND,
                     tevredenheid: int | None = None, zonder_hulp_verder: str = JaNeeOnbekend.ONBEKEND,
                     if_match: str | None = None) -> Dossier:
    """Waakvlam ends the help (DOMAIN.md section 4): it records the reden beëindiging and the outcome of that help,
    as a closure does, on the status change (the hulpperiode it ends takes them from there)."""
    rights.check(user, Capability.CASE_WORK)
    dossier = _lock(dossier)
    _check_etag(dossier, if_match)
    check_transition(current=dossier.status, role=user.role, action="waakvlam")
    errors = Errors()
    datum = _transition_date(errors, dossier, datum)
    last = _last_contact_date(dossier)
    if last is not None and datum < last:
        errors.add("datum", "datum_voor_laatste_contact",
                   f"De waakvlam kan niet ingaan vóór het laatste contact ({last:%d-%m-%Y}): die hulp zou verloren gaan.")
    if evaluatiedatum is None:
        errors.add("evaluatiedatum", "verplicht", "Een dossier in waakvlam heeft een evaluatiedatum nodig.")
    elif evaluatiedatum <= datum:
        errors.add("evaluatiedatum", "evaluatiedatum_te_vroeg", "De evaluatiedatum moet na de datum van de waakvlam liggen.")
    elif evaluatiedatum > add_months(datum, MAX_WAAKVLAM_MAANDEN):
        errors.add("evaluatiedatum", "evaluatiedatum_te_laat",
                   f"De evaluatiedatum mag hoogstens {MAX_WAAKVLAM_MAANDEN} maanden na de datum van de waakvlam liggen.")
    outcome = _outcome(errors, reden_beeindiging=reden_beeindiging, doelen_bereikt=doelen_bereikt, tevredenheid=tevredenheid,
                       zonder_hulp_verder=zonder_hulp_verder)
    errors.raise_if_any()
    return _change_status(user=user, dossier=dossier, naar=Status.WAAKVLAM, datum=datum, action=Action.DOSSIER_WAAKVLAM,
                          evaluatiedatum=evaluatiedatum, dossier_fields={"evaluatiedatum": evaluatiedatum}, **outcome)


@audit_refusals(Action.DOSSIER_AFSLUITEN, "dossier", "dossier")
@transaction.atomic(durable=True)
def dossier_close(*, user, dossier: Dossier, einddatum: date | None, reden_beeindiging: str, doelen_bereikt: str,
                  zonder_hulp_verder: str, tevredenheid: int | None = None, if_match: str | None = None) -> Dossier:
    rights.check(user, Capability.CASE_WORK)
    dossier = _lock(dossier)
    _check_etag(dossier, if_match)
    check_transition(current=dossier.status, role=user.role, action="afsluiten")
    errors = Errors()
    if einddatum is None:
        errors.add("einddatum", "verplicht", "De einddatum is verplicht.")
    else:
        _transition_date(errors, dossier, einddatum, field="einddatum")
        last = _last_contact_date(dossier)
        if last is not None and einddatum < last:
            errors.add("einddatum", "einddatum_voor_laatste_contact",
                       f"De einddatum ligt vóór het laatste contact ({last:%d-%m-%Y}).")
    _check_choice(errors, "redenBeeindiging", reden_beeindiging, RedenBeeindiging, "reden beëindiging")
    _check_choice(errors, "doelenBereikt", doelen_bereikt, DoelenBereikt, "waarde voor doelen bereikt")
    _check_choice(errors, "zonderHulpVerder", zonder_hulp_verder, JaNeeOnbekend, "waarde voor zonder hulp verder")
    if tevredenheid is not None and not (isinstance(tevredenheid, int) and 1 <= tevredenheid <= 5):
        errors.add("tevredenheid", "ongeldige_tevredenheid", "De tevredenheid is een cijfer van 1 tot en met 5, of leeg als het niet is gevraagd.")
    errors.raise_if_any()
    outcome = {
        "reden_beeindiging": reden_beeindiging,
        "doelen_bereikt": doelen_bereikt,
        "tevredenheid": tevredenheid,
        "zonder_hulp_verder": zonder_hulp_verder,
    }
    return _change_status(user=user, dossier=dossier, naar=Status.AFGESLOTEN, datum=einddatum, action=Action.DOSSIER_AFSLUITEN,
                          dossier_fields={"einddatum": einddatum, **outcome}, **outcome)


@audit_refusals(Action.DOSSIER_HEROPENEN, "dossier", "dossier")
@transaction.atomic(durable=True)
def dossier_reopen(*, user, dossier: Dossier, datum: date | None, if_match: str | None = None) -> Dossier:
    rights.check(user, Capability.CASE_WORK)
    dossier = _lock(dossier)
    _check_etag(dossier, if_match)
    check_transition(current=dossier.status, role=user.role, action="heropenen")
    errors = Errors()
    if datum is None:
        errors.add("datum", "verplicht", "De datum van heropenen is verplicht.")
    else:
        _transition_date(errors, dossier, datum)
    errors.raise_if_any()
    return _change_status(user=user, dossier=dossier, naar=Status.ACTIEF, datum=datum, action=Action.DOSSIER_HEROPENEN)


@audit_refusals(Action.DOSSIER_AFSLUITING_VRAGEN, "dossier", "dossier")
@transaction.atomic(durable=True)
def dossier_request_closure(*, user, dossier: Dossier, toelichting: str | None = None) -> Dossier:
    """A professional asks the teamleider to close the dossier (it shows on the teamleider's list), optionally saying
    why (`toelichting`, API.md 1.1). Asking again replaces the reason and the moment."""
    rights.check(user, Capability.CLOSURE_REQUEST)
    dossier = _lock(dossier)
    toelichting = (toelichting or "").strip()
    if len(toelichting) > MAX_TOELICHTING:
        raise InvalidInput.one("toelichting", "te_lang", f"De toelichting is ten hoogste {MAX_TOELICHTING} tekens.")
    if dossier.status == Status.AFGESLOTEN:
        raise Conflict("Dit dossier is al afgesloten.")
    dossier.afsluiting_gevraagd_op = timezone.now()
    dossier.afsluiting_toelichting = toelichting
    _bump(dossier, "afsluiting_gevraagd_op", "afsluiting_toelichting")
    # the text may name people: the audit keeps only whether there was one
    audit_record(user=user, action=Action.DOSSIER_AFSLUITING_VRAGEN, object_type="dossier", object_id=dossier.pk,
                 detail={"toelichting": bool(toelichting)})
    return dossier


#: the longest reason a closure request may carry
MAX_TOELICHTING = 1000


# --- families and hand-over (API.md 1.1 "Gezin") -----------------------------------------------------------------


@audit_refusals(Action.GEZINSLID_TOEVOEGEN, "dossier", "dossier")
@transaction.atomic(durable=True)
def gezinslid_add(*, user, dossier: Dossier, jeugdige: Jeugdige | None, datum: date | None = None) -> Dossier:
    """Add a child of the dossier's team to the dossier from `datum` (default today). In a running stretch the child
    gets a hulpperiode from that date; it gets none that ended before it, and the others' ended hulpperiodes stay
    frozen. A date in the past changes the figures of the days since, so it is a correction (`Correctie`
    GEZINSLID_TOEGEVOEGD from `datum` to today): the child's hulpperiodes it gives carry `gecorrigeerd_op`."""
    rights.check(user, Capability.CASE_WORK)
    dossier = _lock(dossier)
    if jeugdige is not None:
        # the child's row too, and its team as it is now: a hand-over of the child (or of another dossier it is in) that
        # ran meanwhile has committed, or waits for this one and then finds the child in this dossier
        jeugdige = Jeugdige.objects.select_for_update().filter(pk=jeugdige.pk).first()
    errors = Errors()
    if jeugdige is None or jeugdige.team_id is None or jeugdige.team_id != dossier.team_id:
        errors.add("jeugdige", "onbekende_jeugdige", "Onbekende jeugdige, of de jeugdige hoort niet bij het team van dit dossier.")
    datum = datum or today()
    _check_not_future(errors, "datum", datum, "datum")
    if datum < dossier.aanmelddatum:
        errors.add("datum", "datum_voor_aanmelding", f"De datum ligt vóór de aanmelddatum van het dossier ({dossier.aanmelddatum:%d-%m-%Y}).")
    errors.raise_if_any()
    if dossier.status == Status.AFGESLOTEN:
        raise Conflict("Het dossier is afgesloten. Vraag de teamleider het te heropenen om een jeugdige toe te voegen.")
    if dossier.jeugdigen.filter(pk=jeugdige.pk).exists():
        raise Conflict("Deze jeugdige hoort al bij dit dossier.")
    dossier.jeugdigen.add(jeugdige)
    Gezinslid.objects.create(dossier=dossier, jeugdige=jeugdige, vanaf=datum, toegevoegd_door=user)
    _bump(dossier)
    detail = {"jeugdige": str(jeugdige.pk), "datum": datum.isoformat()}
    if datum < today():
        correctie = Correctie(soort=CorrectieSoort.GEZINSLID_TOEGEVOEGD, datum_van=datum, datum_tot=today(), dossier=dossier,
                              jeugdige=jeugdige, door=user)
        correctie.hulpperiodes_gewijzigd = hulpperiodes.rebuild(dossier, correctie=correctie)
        correctie.save()
        detail.update(correctie=correctie.pk, hulpperiodesGewijzigd=correctie.hulpperiodes_gewijzigd)
    else:
        hulpperiodes.rebuild(dossier)
    audit_record(user=user, action=Action.GEZINSLID_TOEVOEGEN, object_type="dossier", object_id=dossier.pk, detail=detail)
    return dossier


@audit_refusals(Action.GEZINSLID_VERWIJDEREN, "dossier", "dossier")
@transaction.atomic(durable=True)
def gezinslid_remove(*, user, dossier: Dossier, jeugdige: Jeugdige | None) -> Correctie:
    """Remove a child registered by mistake (teamleider): its hulpperiodes in this dossier go, as a `Correctie`. Never
    the last child: a dossier has at least one."""
    rights.check(user, Capability.FAMILY_CORRECTION)
    dossier = _lock(dossier)
    if jeugdige is None or not dossier.jeugdigen.filter(pk=jeugdige.pk).exists():
        raise NotFound("Deze jeugdige hoort niet bij dit dossier.")
    if dossier.jeugdigen.count() <= 1:
        raise Conflict("Een dossier heeft ten minste één jeugdige: de laatste jeugdige kan niet worden verwijderd.")
    rows = list(Hulpperiode.objects.filter(dossier=dossier, jeugdige=jeugdige).values_list("start", "einde"))
    dossier.jeugdigen.remove(jeugdige)
    Gezinslid.objects.filter(dossier=dossier, jeugdige=jeugdige).delete()
    Hulpperiode.objects.filter(dossier=dossier, jeugdige=jeugdige).delete()
    dates = [d for start, einde in rows for d in (start, einde) if d is not None] or [today()]
    correctie = Correctie.objects.create(soort=CorrectieSoort.GEZINSLID_VERWIJDERD, datum_van=min(dates), datum_tot=max(dates),
                                         dossier=dossier, jeugdige=jeugdige, hulpperiodes_gewijzigd=len(rows), door=user)
    _bump(dossier)
    audit_record(user=user, action=Action.GEZINSLID_VERWIJDEREN, object_type="dossier", object_id=dossier.pk,
                 detail={"jeugdige": str(jeugdige.pk), "correctie": correctie.pk, "hulpperiodesGewijzigd": len(rows)})
    return correctie


def _default_regiehouder(team: Team):
    """Who takes the regie of a dossier handed over without a regiehouder: the first (by username) active member of the
    receiving team who works on cases and may hand a dossier on (the rights table's HANDOVER: its teamleider), until
    they hand it to a professional."""
    roles = rights.roles_with(Capability.CASE_WORK) & rights.roles_with(Capability.HANDOVER)
    return team.leden.filter(role__in=roles, is_active=True).order_by("username").first()


def _check_receiving_team(errors: Errors, team: Team | None, current_team_id: int | None, what: str) -> None:
    """The team a dossier or jeugdige is handed over to: an existing team other than its own."""
    if team is None:
        errors.add("team", "onbekend_team", "Onbekend team: kies een bestaand team om aan over te dragen.")
    elif team.pk == current_team_id:
        errors.add("team", "zelfde_team", f"{what} hoort al bij dit team. Kies een ander team.")
    elif not team.actief:
        errors.add("team", "team_inactief", f"{team.naam} is geen actief team meer: kies een actief team om aan over te dragen.")


@audit_refusals(Action.DOSSIER_OVERDRAGEN, "dossier", "dossier")
@transaction.atomic(durable=True)
def dossier_handover(*, user, dossier: Dossier, team: Team | None, regiehouder=None) -> Dossier:
    """Hand a dossier over to another team (the teamleider of its team): the dossier, its contacts and its jeugdigen
    move; from then on the receiving team sees it and the old team no longer does.

    The regiehouder becomes `regiehouder` (a professional or teamleider of the receiving team) or, without one, the
    receiving team's teamleider. A jeugdige that is also in another dossier of the old team cannot move alone (a
    jeugdige belongs to one team): that is a conflict, naming the other dossiers, so that they are handed over too.
    """
    rights.check(user, Capability.HANDOVER)
    dossier = _lock(dossier)
    errors = Errors()
    _check_receiving_team(errors, team, dossier.team_id, "Het dossier")
    if team is not None and team.pk != dossier.team_id:
        if regiehouder is None:
            regiehouder = _default_regiehouder(team)
            if regiehouder is None:
                errors.add("regiehouder", "verplicht", "Het ontvangende team heeft geen teamleider: kies een regiehouder van dat team.")
        elif not rights.can(regiehouder, Capability.CASE_WORK) or not rights.teams_of(regiehouder).filter(pk=team.pk).exists():
            errors.add("regiehouder", "geen_teamlid", "De regiehouder moet een professional of teamleider van het ontvangende team zijn.")
    errors.raise_if_any()
    # lock the dossier's jeugdigen (in one order) before looking for their other dossiers: a child being added to another
    # dossier of the old team meanwhile (`gezinslid_add` locks the child too) is then either seen there, or refused after
    jeugdige_ids = list(Jeugdige.objects.select_for_update(of=("self",)).filter(dossiers=dossier).order_by("pk").values_list("pk", flat=True))
    others = list(Dossier.objects.filter(jeugdigen__in=jeugdige_ids, team_id=dossier.team_id).exclude(pk=dossier.pk)
                  .values_list("pk", flat=True).distinct())
    if others:
        numbers = ", ".join(sorted(str(pk)[:8] for pk in others))
        raise Conflict(f"Een jeugdige van dit dossier staat ook in een ander dossier van uw team ({numbers}). Een jeugdige hoort "
                       "bij één team: draag die dossiers ook over, of verwijder de jeugdige eerst uit een van beide.",
                       extra={"andereDossiers": [str(pk) for pk in others]})
    old_team, old_regiehouder = dossier.team_id, dossier.regiehouder_id
    contacts = Contact.objects.filter(dossier=dossier).update(team=team)
    Jeugdige.objects.filter(pk__in=jeugdige_ids).update(team=team)
    dossier.team, dossier.regiehouder = team, regiehouder
    _bump(dossier, "team", "regiehouder")
    audit_record(user=user, action=Action.DOSSIER_OVERDRAGEN, object_type="dossier", object_id=dossier.pk, detail={
        "oud": {"team": old_team, "regiehouder": old_regiehouder}, "nieuw": {"team": team.pk, "regiehouder": regiehouder.pk},
        "jeugdigen": [str(pk) for pk in jeugdige_ids], "contacten": contacts})
    return dossier


@audit_refusals(Action.JEUGDIGE_OVERDRAGEN, "jeugdige", "jeugdige")
@transaction.atomic(durable=True)
def jeugdige_handover(*, user, jeugdige: Jeugdige, team: Team | None) -> Jeugdige:
    """Hand a jeugdige without dossier over to another team (the teamleider of its team): "a known BSN in another team"
    (API.md 1.1) when that team never opened a dossier. A jeugdige belongs to the team of `Jeugdige.team` (and is seen by
    the teams of its dossiers): from then on the receiving team sees it and the old team no longer does.

    A jeugdige in a dossier of its team moves with that dossier (`dossier_handover`), never alone: that is a conflict,
    naming the dossiers. The figures do not change (they follow the address, not the team), so it is no correction.
    """
    rights.check(user, Capability.HANDOVER)
    jeugdige = Jeugdige.objects.select_for_update().get(pk=jeugdige.pk)
    if jeugdige.team_id is None or not rights.teams_of(user).filter(pk=jeugdige.team_id).exists():
        raise NotFound("Deze jeugdige bestaat niet of hoort niet bij uw team.")
    errors = Errors()
    _check_receiving_team(errors, team, jeugdige.team_id, "De jeugdige")
    errors.raise_if_any()
    dossiers = list(Dossier.objects.filter(jeugdigen=jeugdige, team_id=jeugdige.team_id).order_by("aanmelddatum", "pk")
                    .values_list("pk", flat=True))
    if dossiers:
        numbers = ", ".join(str(pk)[:8] for pk in dossiers)
        raise Conflict(f"Deze jeugdige staat in een dossier van uw team ({numbers}). Draag het dossier over (Overdragen aan ander "
                       "team op de dossierpagina): de jeugdige gaat dan mee.", extra={"andereDossiers": [str(pk) for pk in dossiers]})
    old_team = jeugdige.team_id
    jeugdige.team = team
    jeugdige.save(update_fields=["team"])
    audit_record(user=user, action=Action.JEUGDIGE_OVERDRAGEN, object_type="jeugdige", object_id=jeugdige.pk,
                 detail={"oud": {"team": old_team}, "nieuw": {"team": team.pk}})
    return jeugdige


@audit_refusals(Action.DOORVERWIJZING_REGISTREREN, "dossier", "dossier")
@transaction.atomic(durable=True)
def doorverwijzing_register(*, user, dossier: Dossier, datum: date | None, soort: str, overbrugging: bool = False) -> Doorverwijzing:
    """A referral to other care, `verwezen` from `datum` (issue 12: its outcome follows with `doorverwijzing_update`);
    `overbrugging`: the team bridges the wait."""
    rights.check(user, Capability.CASE_WORK)
    dossier = _lock(dossier)
    errors = Errors()
    if datum is None:
        errors.add("datum", "verplicht", "De datum is verplicht.")
    else:
        _check_not_future(errors, "datum", datum, "datum")
        if datum < dossier.aanmelddatum:
            errors.add("datum", "datum_voor_aanmelding", "De datum ligt vóór de aanmelddatum van het dossier.")
    _check_choice(errors, "soort", soort, SoortDoorverwijzing, "soort doorverwijzing")
    errors.raise_if_any()
    if dossier.status == Status.AFGESLOTEN:
        raise Conflict("Bij een afgesloten dossier kan geen doorverwijzing worden vastgelegd.")
    verwijzing = Doorverwijzing.objects.create(dossier=dossier, datum=datum, soort=soort, overbrugging=bool(overbrugging),
                                               geregistreerd_door=user)
    _bump(dossier)
    audit_record(user=user, action=Action.DOORVERWIJZING_REGISTREREN, object_type="dossier", object_id=dossier.pk,
                 detail={"doorverwijzing": verwijzing.pk, "soort": soort, "overbrugging": verwijzing.overbrugging})
    return verwijzing


#: outcomes that need a reason (DOMAIN.md section 8: "afgewezen or niet_gestart (with a reason)")
VERWIJZING_REDEN_VERPLICHT = frozenset({VerwijzingStatus.AFGEWEZEN, VerwijzingStatus.NIET_GESTART})
VERWIJZING_REDEN_MAX = 200


def doorverwijzing_update_refusal(user, doorverwijzing: Doorverwijzing) -> str | None:
    """Why `user` may not update this referral of their team (Dutch), or None when they may: the one rule the service
    applies and the dossier page uses to show the form. Anyone doing case work keeps an open referral (`verwezen`) up
    to date; a final outcome (gestart, afgewezen, niet gestart) only a teamleider corrects (`REFERRAL_CORRECTION`)."""
    if doorverwijzing.status == VerwijzingStatus.VERWEZEN or rights.can(user, Capability.REFERRAL_CORRECTION):
        return None
    return (f"Deze doorverwijzing heeft al een definitieve uitkomst ({doorverwijzing.get_status_display().lower()}). Alleen een "
            "teamleider kan die corrigeren. Vraag de teamleider dit te doen.")


def _doorverwijzing_values(verwijzing: Doorverwijzing) -> dict:
    """What the audit keeps of a referral's outcome before and after a change: not the reason's text (free text may hold
    person data), only whether it changed."""
    return {"status": verwijzing.status, "statusDatum": verwijzing.status_sinds.isoformat(), "overbrugging": verwijzing.overbrugging}


@audit_refusals(Action.DOORVERWIJZING_WIJZIGEN, "dossier", "dossier")
@transaction.atomic(durable=True)
def doorverwijzing_update(*, user, doorverwijzing: Doorverwijzing | None, status: str, datum: date | None, reden: str = "",
                          overbrugging: bool | None = None, dossier: Dossier | None = None, if_match: str | None = None) -> Doorverwijzing:
    """Record a referral's outcome (issue 12, DOMAIN.md section 8): `verwezen`, `gestart` (help started elsewhere),
    `afgewezen` or `niet_gestart` (both with a reason), each on its date: not before the referral, not in the future.
    `overbrugging` None keeps what it was. `dossier` (optional): the dossier the caller found the referral in; the
    refusal audit names it.

    Works on a closed dossier too: a child referred at closure is exactly the one who may fall "tussen wal en schip".
    `verwezen` is always as of the referral's own date (DOMAIN.md section 8: the wait runs from the referral until help
    starts elsewhere): another date is refused (400 `verwezen_datum`), so re-posting `verwezen` never restarts the waiting
    clock; a teamleider who corrects a final outcome back to `verwezen` gets the wait from the referral's date again. Its
    status date is stored as None (the model's "still verwezen since `datum`"). A reason belongs only to afgewezen and
    niet gestart: for verwezen and gestart it is cleared. Audited with the old and new values (the reason only as
    changed or not).
    """
    rights.check(user, Capability.CASE_WORK)
    if doorverwijzing is None or doorverwijzing.dossier_id is None or (dossier is not None and doorverwijzing.dossier_id != dossier.pk):
        raise NotFound("Deze doorverwijzing bestaat niet bij dit dossier.")
    if not rights.teams_of(user).filter(pk=Dossier.objects.filter(pk=doorverwijzing.dossier_id).values("team_id")[:1]).exists():
        raise NotFound("Dit dossier bestaat niet of valt buiten uw teams.")
    dossier = _lock(doorverwijzing.dossier)
    _check_etag(dossier, if_match)
    verwijzing = Doorverwijzing.objects.select_for_update().get(pk=doorverwijzing.pk)
    reason = doorverwijzing_update_refusal(user, verwijzing)
    if reason is not None:
        raise Forbidden(reason, extra={"recht": Capability.REFERRAL_CORRECTION.value})
    errors = Errors()
    _check_choice(errors, "status", status, VerwijzingStatus, "status van de doorverwijzing")
    if datum is None:
        errors.add("datum", "verplicht", "De datum is verplicht.")
    else:
        _check_not_future(errors, "datum", datum, "datum")
        if datum < verwijzing.datum:
            errors.add("datum", "datum_voor_doorverwijzing",
                       f"De datum ligt vóór de datum van de doorverwijzing ({verwijzing.datum:%d-%m-%Y}).")
        elif status == VerwijzingStatus.VERWEZEN and datum != verwijzing.datum:
            # DOMAIN.md section 8: `verwezen` is the referral's own date, and the wait runs from it; a later date would
            # restart the waiting clock and hide a child "tussen wal en schip".
            errors.add("datum", "verwezen_datum",
                       f"Verwezen geldt vanaf de datum van de doorverwijzing ({verwijzing.datum:%d-%m-%Y}); de wachttijd telt vanaf "
                       "die dag en begint niet opnieuw. Kies die datum, of leg de uitkomst vast (gestart, afgewezen of niet gestart).")
    reden = " ".join((reden or "").split()) if status in VERWIJZING_REDEN_VERPLICHT else ""
    if status in VERWIJZING_REDEN_VERPLICHT and not reden:
        label = VerwijzingStatus(status).label.lower()
        errors.add("reden", "verplicht", f"Geef de reden waarom de hulp is {label}." if status == VerwijzingStatus.AFGEWEZEN
                   else "Geef de reden waarom de hulp niet is gestart.")
    elif len(reden) > VERWIJZING_REDEN_MAX:
        errors.add("reden", "te_lang", f"De reden is te lang: hoogstens {VERWIJZING_REDEN_MAX} tekens.")
    errors.raise_if_any()
    before, old_reden = _doorverwijzing_values(verwijzing), verwijzing.reden
    verwijzing.status = status
    verwijzing.status_datum = None if status == VerwijzingStatus.VERWEZEN else datum
    verwijzing.reden = reden
    verwijzing.status_vastgelegd = True  # recorded by the team now: a referral from before the outcomes waits again
    if overbrugging is not None:
        verwijzing.overbrugging = bool(overbrugging)
    verwijzing.save(update_fields=["status", "status_datum", "reden", "overbrugging", "status_vastgelegd"])
    _bump(dossier)
    after = _doorverwijzing_values(verwijzing)
    changed = [k for k in after if after[k] != before[k]]
    detail = {"doorverwijzing": verwijzing.pk, "soort": verwijzing.soort,
              "oud": {k: before[k] for k in changed}, "nieuw": {k: after[k] for k in changed}}
    if verwijzing.reden != old_reden:
        detail["redenGewijzigd"] = True
    audit_record(user=user, action=Action.DOORVERWIJZING_WIJZIGEN, object_type="dossier", object_id=dossier.pk, detail=detail)
    return verwijzing


# --- contacten ---------------------------------------------------------------------------------------------


def _activate_by_contact(*, user, dossier: Dossier, contact: Contact, history: list[StatusWijziging] | None = None) -> Correctie | None:
    """An aangemeld dossier becomes actief at its first hulpcontact (inzet hulp, not preventief), as of its date.

    A hulpcontact registered later but dated before that activation (automatic or explicit, from aangemeld) moves
    the activation back to the contact's date, so no help falls outside a hulpperiode. That is a backdated status
    change: it is audited, and returned as an unsaved `Correctie` (STATUS_TERUGGEZET) for the caller to recompute
    with and save. The caller rebuilds the hulpperiodes.

    `history`: the dossier's status history as `_history` read it under the lock (read here when not given); it is
    kept up to date with the change made here.
    """
    if not is_hulpcontact(contact.inzet, contact.hulpsoort):
        return None
    if dossier.status == Status.AANGEMELD:
        _change_status(user=user, dossier=dossier, naar=Status.ACTIEF, datum=contact.datum,
                       action=Action.DOSSIER_ACTIVEREN, automatisch=True, rebuild=False)
        if history is not None:
            history[:] = _history(dossier)
        return None
    if dossier.status != Status.ACTIEF:
        return None
    last = (history if history is not None else _history(dossier))[-1]
    if last.van == Status.AANGEMELD and contact.datum < last.datum:
        old = last.datum
        last.datum = contact.datum
        last.save(update_fields=["datum"])
        if history is not None:
            history.sort(key=lambda s: (s.datum, s.id))
        dossier.status_sinds = contact.datum
        _bump(dossier, "status_sinds")
        audit_record(user=user, action=Action.DOSSIER_STATUS_TERUGZETTEN, object_type="dossier", object_id=dossier.pk,
                     detail={"naar": Status.ACTIEF, "oud": old.isoformat(), "nieuw": contact.datum.isoformat(),
                             "contact": str(contact.pk)})
        return Correctie(soort=CorrectieSoort.STATUS_TERUGGEZET, datum_van=contact.datum, datum_tot=old, dossier=dossier, door=user)
    return None


def _check_contact_values(errors: Errors, *, datum=_UNSET, duur_minuten=_UNSET, vorm=_UNSET, inzet=_UNSET,
                          hulpsoort=_UNSET) -> None:
    """The rules every contact's own values follow, at registration and at correction (only the ones given)."""
    if datum is not _UNSET:
        if datum is None:
            errors.add("datum", "verplicht", "De datum is verplicht.")
        else:
            _check_not_future(errors, "datum", datum, "datum van het contact")
    if duur_minuten is not _UNSET and (duur_minuten is None or not isinstance(duur_minuten, int) or not 1 <= duur_minuten <= 1440):
        errors.add("duurMinuten", "ongeldige_duur", "De duur is 1 tot en met 1440 minuten (een contact duurt hoogstens 24 uur).")
    if vorm is not _UNSET:
        _check_choice(errors, "vorm", vorm, Vorm, "vorm")
    if inzet is not _UNSET:
        _check_choice(errors, "inzet", inzet, Inzet, "inzet")
    if hulpsoort is not _UNSET:
        _check_choice(errors, "hulpsoort", hulpsoort, Hulpsoort, "hulpsoort")


def _check_date_in_dossier(errors: Errors, dossier: Dossier, datum: date | None, history: list[StatusWijziging] | None = None) -> None:
    """A contact of a dossier lies on or after its aanmelddatum, and after its last reopening (`history`: the status
    history as `_history` gives it, read here when not given)."""
    if datum is None:
        return
    if datum < dossier.aanmelddatum:
        errors.add("datum", "datum_voor_aanmelding", f"De datum ligt vóór de aanmelddatum van het dossier ({dossier.aanmelddatum:%d-%m-%Y}).")
    reopenings = [s for s in (history if history is not None else _history(dossier)) if s.van == Status.AFGESLOTEN]
    reopened = reopenings[-1] if reopenings else None
    if reopened is not None and datum < reopened.datum:
        errors.add("datum", "datum_voor_heropening",
                   f"Het dossier is op {reopened.datum:%d-%m-%Y} heropend; een contact van vóór die datum hoort bij een afgesloten periode.")


def _nagekomen(dossier: Dossier, datum: date, history: list[StatusWijziging]) -> Correctie | None:
    """A contact registered now but dated inside a stretch of `actief` that has ended (the dossier went to waakvlam or
    was closed after that date): a correction of an ended hulpperiode (unsaved; the caller recomputes and saves).
    `history`: the status history as `_history` gives it."""
    changes = [hulpperiodes.Change(naar=s.naar, datum=s.datum) for s in history]
    stretch = hulpperiodes.stretch_containing(changes, datum)
    if stretch is None or stretch.until is None:
        return None
    # From its date to the end of the stretch: the ended hulpperiode's values show in the period it ended in.
    return Correctie(soort=CorrectieSoort.CONTACT_NAGEKOMEN, datum_van=datum, datum_tot=stretch.until, dossier=dossier)


@audit_refusals(Action.CONTACT_REGISTREREN, "contact", None)
@transaction.atomic(durable=True)
def contact_register(*, user, team: Team | None, datum: date | None, duur_minuten: int | None, vorm: str, hulpsoort: str,
                     probleemcategorieen: list[str], dossier: Dossier | None = None, notitie: str = "",
                     gemeente: Gemeente | None = None, leeftijdsklasse: str = "",
                     registratieduur_seconden: int | None = None, inzet: str = Inzet.HULP) -> Contact:
    contact, detail = _contact_create(user=user, team=team, datum=datum, duur_minuten=duur_minuten, vorm=vorm, hulpsoort=hulpsoort,
                                      probleemcategorieen=probleemcategorieen, dossier=dossier, notitie=notitie, gemeente=gemeente,
                                      leeftijdsklasse=leeftijdsklasse, registratieduur_seconden=registratieduur_seconden, inzet=inzet)
    _audit_contact_registered(user, contact, detail)
    return contact


def _audit_contact_registered(user, contact: Contact, detail: dict) -> None:
    """The audit row of a registration: the LAST statement of its transaction. Its insert takes the audit chain's head
    row under a lock until COMMIT (migration 0004), so every writing transaction queues there from that statement on;
    nothing of the request may run after it but the commit."""
    audit_record(user=user, action=Action.CONTACT_REGISTREREN, object_type="contact", object_id=contact.pk, detail=detail)


def _add_categories(contact: Contact, categories: list[Probleemcategorie]) -> None:
    """The categories of a contact just created: one INSERT (nothing to compare with, unlike `set`), and kept on the
    contact as a prefetch would keep them (ordered by code), so showing it afterwards reads nothing more."""
    through = Contact.probleemcategorieen.through
    if categories:
        through.objects.bulk_create([through(contact_id=contact.pk, probleemcategorie_id=c.pk) for c in categories])
    prefetched = Probleemcategorie.objects.filter(pk__in=[c.pk for c in categories])
    prefetched._result_cache = sorted(categories, key=lambda c: c.code)
    prefetched._prefetch_done = True
    contact._prefetched_objects_cache = {"probleemcategorieen": prefetched}


def _contact_create(*, user, team: Team | None, datum: date | None, duur_minuten: int | None, vorm: str, hulpsoort: str,
                    probleemcategorieen: list[str], dossier: Dossier | None, notitie: str, gemeente: Gemeente | None,
                    leeftijdsklasse: str, registratieduur_seconden: int | None, inzet: str = Inzet.HULP) -> tuple[Contact, dict]:
    """The work of `contact_register`, inside the caller's transaction (shared with the idempotent variant): the contact
    and the detail of its audit row, which the caller writes last (`_audit_contact_registered`)."""
    rights.check(user, Capability.CASE_WORK)
    history = None
    if dossier is not None:
        dossier = _lock(dossier)
        history = _history(dossier)  # read once, for the checks, the activation and the rebuild below
    errors = Errors()
    _check_team(errors, user, team)
    _check_contact_values(errors, datum=datum, duur_minuten=duur_minuten, vorm=vorm, inzet=inzet, hulpsoort=hulpsoort)
    categories = _categories(errors, probleemcategorieen, required=False)
    notitie = (notitie or "").strip()
    if dossier is None:
        if gemeente is None:
            errors.add("gemeente", "verplicht", "Kies de gemeente van een contact zonder dossier.")
        if leeftijdsklasse not in Leeftijdsklasse.values:
            errors.add("leeftijdsklasse", "verplicht", "Kies de leeftijdsklasse van een contact zonder dossier.")
        if notitie:
            errors.add("notitie", "geen_persoonsgegevens",
                       "Een contact zonder dossier bevat geen persoonsgegevens: laat de notitie leeg of koppel een dossier.")
    else:
        if gemeente is not None or leeftijdsklasse:
            errors.add("gemeente", "alleen_zonder_dossier", "Gemeente en leeftijdsklasse horen alleen bij een contact zonder dossier.")
        if team is not None and dossier.team_id != team.pk:
            errors.add("dossier", "ander_team", "Dit dossier hoort niet bij het gekozen team.")
        _check_date_in_dossier(errors, dossier, datum, history)
    if registratieduur_seconden is not None and (not isinstance(registratieduur_seconden, int) or registratieduur_seconden < 0):
        errors.add("registratieduurSeconden", "ongeldig", "De registratieduur is een geheel aantal seconden, 0 of meer.")
    errors.raise_if_any()
    if registratieduur_seconden is not None and registratieduur_seconden > MAX_REGISTRATIEDUUR_SECONDEN:
        registratieduur_seconden = None  # over an hour is no measurement of registering one contact (I15): not trusted, not refused
    if dossier is not None and dossier.status == Status.AFGESLOTEN:
        raise Conflict("Het dossier is afgesloten. Vraag de teamleider het te heropenen om een contact vast te leggen.")
    contact = Contact.objects.create(
        team=team, dossier=dossier, datum=datum, duur_minuten=duur_minuten, vorm=vorm, inzet=inzet, hulpsoort=hulpsoort,
        notitie=notitie, gemeente=gemeente if dossier is None else None, leeftijdsklasse=leeftijdsklasse if dossier is None else "",
        geregistreerd_door=user, registratieduur_seconden=registratieduur_seconden,
    )
    _add_categories(contact, categories)
    detail = {"dossier": str(dossier.pk)} if dossier else {}
    if dossier is not None:
        correctie = (_activate_by_contact(user=user, dossier=dossier, contact=contact, history=history)
                     or _nagekomen(dossier, datum, history))
        _bump(dossier)
        changes = hulpperiodes.changes_from(history)
        if correctie is None:
            hulpperiodes.rebuild(dossier, changes=changes)
        else:
            correctie.door = user
            correctie.hulpperiodes_gewijzigd = hulpperiodes.rebuild(dossier, correctie=correctie, changes=changes)
            correctie.save()
            detail["correctie"] = correctie.pk
    return contact, detail


# --- corrections of contacts (API.md 1.1, DOMAIN.md section 4) ---------------------------------------------------------


def _contact_for_correction(user, contact: Contact) -> tuple[Contact, Dossier | None]:
    """The contact under a row lock (and its dossier, locked first, so writes to the dossier serialise), after the
    scope and the right to correct it are checked."""
    rights.check(user, Capability.CASE_WORK)
    if contact is None or contact.team_id is None or not rights.teams_of(user).filter(pk=contact.team_id).exists():
        raise NotFound("Dit contact bestaat niet of valt buiten uw teams.")
    dossier = _lock(contact.dossier) if contact.dossier_id is not None else None
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if contact.dossier_id != (dossier.pk if dossier is not None else None):
        # Attached (or moved) by a concurrent request between our read and our lock: its dossier was not locked.
        raise Conflict("Dit contact is intussen aan een dossier gekoppeld of gewijzigd. Haal het opnieuw op en probeer het nog eens.")
    reason = contact_correction_refusal(user, contact)
    if reason is not None:
        raise Forbidden(reason, extra={"recht": Capability.CONTACT_CORRECTION.value})
    return contact, dossier


def contact_correction_refusal(user, contact: Contact) -> str | None:
    """Why `user` may not correct this contact of their team (Dutch), or None when they may: the one rule (API.md 1.1)
    the services apply and the web pages use to show "Wijzigen" and "Verwijderen". The teamleider corrects any contact
    of the team; the registering professional their own, for CONTACT_CORRECTIEDAGEN days. Not a write: it only reads."""
    if rights.can(user, Capability.CONTACT_CORRECTION):
        return None
    if contact.geregistreerd_door_id != user.pk:
        return "U mag alleen uw eigen contacten corrigeren. Vraag de teamleider om dit contact te corrigeren."
    if timezone.now() - contact.geregistreerd_op > timedelta(days=CONTACT_CORRECTIEDAGEN):
        return (f"U kunt uw eigen contact tot {CONTACT_CORRECTIEDAGEN} dagen na het registreren corrigeren; dit contact is "
                f"geregistreerd op {timezone.localtime(contact.geregistreerd_op):%d-%m-%Y}. Vraag de teamleider om het te corrigeren.")
    return None


def _contact_values(contact: Contact) -> dict:
    """What the audit keeps of a contact before and after a correction. Not the note's text (it may hold person
    data): only whether it changed."""
    return {
        "dossier": str(contact.dossier_id) if contact.dossier_id else None,
        "datum": contact.datum.isoformat(), "duurMinuten": contact.duur_minuten, "vorm": contact.vorm, "inzet": contact.inzet,
        "hulpsoort": contact.hulpsoort, "probleemcategorieen": sorted(c.code for c in contact.probleemcategorieen.all()),
        "gemeente": contact.gemeente_id, "leeftijdsklasse": contact.leeftijdsklasse,
    }


def _correct(*, user, soort: str, dossier: Dossier | None, datums: list[date], activated: Correctie | None = None) -> Correctie:
    """Write the `Correctie` of a contact correction, recomputing the hulpperiodes of `dossier` it touches.

    When the correction also moved the dossier's activation back (`activated`), both touched ranges are recomputed at
    once, and that backdated status change gets its own row with the same count.
    """
    van, tot = min(datums), max(datums)
    if dossier is not None:
        # A report cuts a running hulpperiode at its period end, so days before the contact's date keep their figures;
        # but an ended hulpperiode shows its (frozen) values in the period it ended in: the correction touches the days
        # from its date to the end of its stretch (today while it runs), so every report it changes names it.
        changes = [hulpperiodes.Change(naar=s.naar, datum=s.datum) for s in dossier.statusgeschiedenis.order_by("datum", "id")]
        for datum in datums:
            stretch = hulpperiodes.stretch_containing(changes, datum)
            if stretch is not None:
                tot = max(tot, stretch.until or today())
    if activated is not None:
        van, tot = min(van, activated.datum_van), max(tot, activated.datum_tot)
    correctie = Correctie(soort=soort, datum_van=van, datum_tot=tot, dossier=dossier, door=user)
    if dossier is not None:
        _bump(dossier)
        correctie.hulpperiodes_gewijzigd = hulpperiodes.rebuild(dossier, correctie=correctie)
    correctie.save()
    if activated is not None:
        activated.hulpperiodes_gewijzigd = correctie.hulpperiodes_gewijzigd
        activated.save()
    return correctie


@audit_refusals(Action.CONTACT_WIJZIGEN, "contact", "contact")
@transaction.atomic(durable=True)
def contact_update(*, user, contact: Contact, datum=_UNSET, duur_minuten=_UNSET, vorm=_UNSET, inzet=_UNSET, hulpsoort=_UNSET,
                   probleemcategorieen=_UNSET, notitie=_UNSET) -> Contact:
    """Correct a contact's date, duration, vorm, inzet, hulpsoort, categories or note (the fields given).

    The rules are those of registering it. A correction recomputes the hulpperiodes whose stretch holds the old or
    the new date, and marks those that changed; a contact that now is a hulpcontact activates an aangemeld dossier
    as a new one would.
    """
    contact, dossier = _contact_for_correction(user, contact)
    given = {name: value for name, value in (("datum", datum), ("duur_minuten", duur_minuten), ("vorm", vorm), ("inzet", inzet),
                                             ("hulpsoort", hulpsoort), ("notitie", notitie)) if value is not _UNSET}
    errors = Errors()
    _check_contact_values(errors, **{k: v for k, v in given.items() if k != "notitie"})
    categories = None
    if probleemcategorieen is not _UNSET:
        categories = _categories(errors, probleemcategorieen, required=False)
    if "notitie" in given:
        given["notitie"] = (given["notitie"] or "").strip()
        if dossier is None and given["notitie"]:
            errors.add("notitie", "geen_persoonsgegevens",
                       "Een contact zonder dossier bevat geen persoonsgegevens: laat de notitie leeg of koppel een dossier.")
    if dossier is not None and given.get("datum") is not None:
        _check_date_in_dossier(errors, dossier, given["datum"])
        if dossier.status == Status.AFGESLOTEN and given["datum"] > dossier.einddatum:
            errors.add("datum", "datum_na_einddatum", f"De datum ligt na de einddatum van het afgesloten dossier ({dossier.einddatum:%d-%m-%Y}).")
    if not given and categories is None:
        errors.add("body", "geen_wijziging", "Geef ten minste één veld om te wijzigen.")
    errors.raise_if_any()
    before = _contact_values(contact)
    old_datum, old_notitie = contact.datum, contact.notitie
    for name, value in given.items():
        setattr(contact, name, value)
    if given:
        contact.save(update_fields=list(given))
    if categories is not None:
        contact.probleemcategorieen.set(categories)
    after = _contact_values(contact)
    activated = None
    if dossier is not None:
        activated = _activate_by_contact(user=user, dossier=dossier, contact=contact)
    correctie = _correct(user=user, soort=CorrectieSoort.CONTACT_GEWIJZIGD, dossier=dossier, datums=[old_datum, contact.datum],
                         activated=activated)
    changed = [k for k in after if after[k] != before[k]]
    detail = {"correctie": correctie.pk, "oud": {k: before[k] for k in changed}, "nieuw": {k: after[k] for k in changed},
              "hulpperiodesGewijzigd": correctie.hulpperiodes_gewijzigd}
    if contact.notitie != old_notitie:
        detail["notitieGewijzigd"] = True
    audit_record(user=user, action=Action.CONTACT_WIJZIGEN, object_type="contact", object_id=contact.pk, detail=detail)
    contact.correctie = correctie  # for the page that says what changed
    return contact


@audit_refusals(Action.CONTACT_VERWIJDEREN, "contact", "contact")
@transaction.atomic(durable=True)
def contact_delete(*, user, contact: Contact) -> Correctie:
    """Remove a contact registered by mistake; the hulpperiodes whose stretch holds its date are recomputed (an ended one
    whose only hulpcontact it was is deleted). The dossier's status is left as it is."""
    contact, dossier = _contact_for_correction(user, contact)
    before = _contact_values(contact)
    contact_id, datum = contact.pk, contact.datum
    contact.delete()  # its categories and idempotency key go with it
    correctie = _correct(user=user, soort=CorrectieSoort.CONTACT_VERWIJDERD, dossier=dossier, datums=[datum])
    audit_record(user=user, action=Action.CONTACT_VERWIJDEREN, object_type="contact", object_id=contact_id,
                 detail={"correctie": correctie.pk, "oud": before, "hulpperiodesGewijzigd": correctie.hulpperiodes_gewijzigd})
    return correctie


@audit_refusals(Action.CONTACT_KOPPELEN, "contact", "contact")
@transaction.atomic(durable=True)
def contact_attach(*, user, contact: Contact, dossier: Dossier | None) -> Contact:
    """Attach a contact without dossier to a dossier of the same team. Its gemeente and age class are dropped (the
    dossier's jeugdigen say who it was for); its note stays empty. It then counts in the dossier's hulpperiodes."""
    contact, _ = _contact_for_correction(user, contact)
    if contact.dossier_id is not None:
        raise Conflict("Dit contact hoort al bij een dossier; alleen een contact zonder dossier kan worden gekoppeld.")
    errors = Errors()
    if dossier is None or not rights.teams_of(user).filter(pk=dossier.team_id).exists():
        errors.add("dossier", "onbekend_dossier", "Dit dossier bestaat niet of valt buiten uw teams.")
    else:
        dossier = _lock(dossier)
        if dossier.team_id != contact.team_id:
            errors.add("dossier", "ander_team", "Dit dossier hoort bij een ander team dan het contact.")
        _check_date_in_dossier(errors, dossier, contact.datum)
    errors.raise_if_any()
    if dossier.status == Status.AFGESLOTEN:
        raise Conflict("Het dossier is afgesloten. Vraag de teamleider het te heropenen om er een contact aan te koppelen.")
    before = _contact_values(contact)
    contact.dossier, contact.gemeente, contact.leeftijdsklasse = dossier, None, ""
    contact.save(update_fields=["dossier", "gemeente", "leeftijdsklasse"])
    activated = _activate_by_contact(user=user, dossier=dossier, contact=contact)
    correctie = _correct(user=user, soort=CorrectieSoort.CONTACT_GEKOPPELD, dossier=dossier, datums=[contact.datum],
                         activated=activated)
    after = _contact_values(contact)
    changed = [k for k in after if after[k] != before[k]]
    audit_record(user=user, action=Action.CONTACT_KOPPELEN, object_type="contact", object_id=contact.pk,
                 detail={"correctie": correctie.pk, "oud": {k: before[k] for k in changed}, "nieuw": {k: after[k] for k in changed},
                         "hulpperiodesGewijzigd": correctie.hulpperiodes_gewijzigd})
    contact.correctie = correctie  # for the page that says what changed
    return contact


def request_hash(payload: dict) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


@audit_refusals(Action.CONTACT_REGISTREREN, "contact", None)
def contact_register_idempotent(*, user, key: str, body_hash: str, **fields) -> tuple[Contact, bool]:
    """`contact_register` once per (user, Idempotency-Key): the same body returns the first contact.

    Each attempt is one durable transaction; a concurrent request with the same key that commits first
    makes ours fail on the key's unique index, which rolls back our contact too, and the retry replays
    the winner's answer. A refusal is audited once, here, after the attempt's rollback.
    """
    if not key or len(key) > 200:
        raise InvalidInput.one("Idempotency-Key", "ongeldige_sleutel", "De Idempotency-Key is 1 tot 200 tekens lang.")
    for _ in range(2):
        try:
            return _contact_register_once(user=user, key=key, body_hash=body_hash, fields=fields)
        except IntegrityError:
            continue  # a concurrent request with the same key won: replay its answer
    raise Conflict("Deze Idempotency-Key wordt op dit moment al verwerkt.")


@transaction.atomic(durable=True)
def _contact_register_once(*, user, key: str, body_hash: str, fields: dict) -> tuple[Contact, bool]:
    existing = IdempotencyKey.objects.filter(user=user, key=key).select_related("contact").first()
    if existing is not None:
        if existing.body_hash != body_hash:
            raise Conflict("Deze Idempotency-Key is al gebruikt voor een ander contact.")
        return existing.contact, False
    fields = {"dossier": None, "notitie": "", "gemeente": None, "leeftijdsklasse": "", "registratieduur_seconden": None,
              "inzet": Inzet.HULP, **fields}
    contact, detail = _contact_create(user=user, **fields)
    IdempotencyKey.objects.create(user=user, key=key, body_hash=body_hash, contact=contact)
    _audit_contact_registered(user, contact, detail)  # last: see there
    return contact, True
