"""Every write of the reporting app: requesting a report, publishing it (definitief), saving a duiding; the inputs of
the verantwoording (loading StatLine figures, saving a beleidskader text).

Keyword-only arguments, validation with Dutch reasons, the change and its audit row in one transaction.
"""

import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import kombu.exceptions
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from jgt_registratie import rights
from jgt_registratie.audit import Action, audit_record, audit_refusals
from jgt_registratie.errors import Conflict, Errors, Forbidden, InvalidInput, ServiceUnavailable
from jgt_registratie.models import Gemeente
from jgt_registratie.rights import Capability
from reporting import statline
from reporting.indicators import DEFINITIEVERSIE
from reporting.models import CAPABILITY_BY_SOORT, Beleidskader, BeleidskaderOnderwerp, Duiding, Rapportage, StatlineCijfer
from reporting.periods import last_closed_quarter, periode_parse
from reporting.selectors import may_request_reports
from reporting.versions import changes, latest_published, lock_versions

logger = logging.getLogger(__name__)

# --- reports (issue 4) ---------------------------------------------------------------------------------------

#: the formats each kind of report exists in (API.md, "Reports"); the CBS exports are tables only
FORMATEN = {
    Rapportage.Soort.INDICATOREN: (Rapportage.Formaat.JSON, Rapportage.Formaat.CSV, Rapportage.Formaat.XLSX),
    Rapportage.Soort.CBS_PROTOCOL: (Rapportage.Formaat.CSV, Rapportage.Formaat.XLSX),
    Rapportage.Soort.CBS_AANLEVERING: (Rapportage.Formaat.CSV, Rapportage.Formaat.XLSX),
    # DOMAIN.md section 8: JSON, XLSX and a PDF for the gemeenteraad (the only kind with a PDF)
    Rapportage.Soort.VERANTWOORDING: (Rapportage.Formaat.JSON, Rapportage.Formaat.XLSX, Rapportage.Formaat.PDF),
}
#: the formats of the automatic quarterly indicator reports
KWARTAAL_FORMATEN = (Rapportage.Formaat.JSON, Rapportage.Formaat.XLSX)


QUEUE_UNREACHABLE = ("De rapportagewachtrij is even niet bereikbaar, dus er is niets aangevraagd. "
                     "Probeer het over een halve minuut opnieuw.")


def publish(rapportage_id) -> None:
    """Put the generation task of a report on the queue now; ServiceUnavailable when the queue cannot be reached.

    The broker's transport options bound the wait (a second or so when Redis is down, see config/broker.py).
    """
    from reporting.tasks import report_generate_task  # here: reporting.tasks imports this module

    app = report_generate_task.app
    with app.connection_for_write() as broker:  # not connected: only to know the transport's own connection errors
        unreachable = (kombu.exceptions.OperationalError, OSError, *broker.connection_errors)
    try:
        report_generate_task.apply_async((str(rapportage_id),))
    except unreachable as exc:
        logger.warning("Rapportagewachtrij niet bereikbaar: %s", type(exc).__name__)
        raise ServiceUnavailable(QUEUE_UNREACHABLE, extra={"reden": "wachtrij_onbereikbaar"}) from exc


def _queue_after_commit(rapportage: Rapportage) -> None:
    """For rows made without anyone waiting (beat): queue once committed; if the queue is away then, the row stays
    `wachtrij` and `reporting.rapportages_hervatten` queues it later."""
    transaction.on_commit(lambda: publish(rapportage.pk), robust=True)


def _check_rapportage_input(errors: Errors, soort: str, formaat: str, periode_tekst: str):
    if soort not in Rapportage.Soort.values:
        errors.add("soort", "onbekende_soort", f"Onbekende soort rapportage '{soort}'. Kies uit: {', '.join(Rapportage.Soort.values)}.")
    if formaat not in Rapportage.Formaat.values:
        errors.add("formaat", "onbekend_formaat", f"Onbekend formaat '{formaat}'. Kies uit: {', '.join(Rapportage.Formaat.values)}.")
    elif soort in FORMATEN and formaat not in FORMATEN[soort]:
        namen = [f.value for f in FORMATEN[soort]]
        keuze = f"{', '.join(namen[:-1])} of {namen[-1]}"
        errors.add("formaat", "formaat_niet_beschikbaar",
                   f"De {Rapportage.Soort(soort).label} bestaat niet als {formaat.upper()}: kies {keuze}.")
    return _periode(errors, periode_tekst)


def _periode(errors: Errors, tekst: str):
    """The parsed period, or None with its Dutch reasons added to `errors` (reported with the other fields)."""
    try:
        return periode_parse(tekst or "")
    except InvalidInput as exc:
        for field, code, reason in exc.errors:
            errors.add(field, code, reason)
    return None


def _check_gemeente(errors: Errors, user, code: str | None) -> Gemeente | None:
    """The gemeente asked for, or the user's only gemeente when a user who does not reach every gemeente leaves it out."""
    if code in (None, ""):
        if rights.reaches_every_gemeente(user, Capability.INDICATOR_REPORTS):
            return None  # all gemeenten
        eigen = list(rights.gemeenten_for(user, Capability.INDICATOR_REPORTS))
        if len(eigen) == 1:
            return eigen[0]
        if not eigen:
            raise Forbidden("Uw account is aan geen enkele gemeente gekoppeld; vraag functioneel beheer dit te regelen.")
        errors.add("gemeente", "gemeente_verplicht",
                   f"U bent gekoppeld aan meerdere gemeenten; kies er een: {', '.join(g.code for g in eigen)}.")
        return None
    gemeente = Gemeente.objects.filter(code=code).first()
    if gemeente is None:
        errors.add("gemeente", "onbekende_gemeente", f"Onbekende gemeentecode '{code}'.")
    return gemeente


@audit_refusals(Action.RAPPORTAGE_AANVRAGEN, "rapportage", None)
@transaction.atomic(durable=True)
def report_request(*, user, soort: str, periode: str, gemeente: str | None = None, formaat: str) -> Rapportage:
    """Request a report: validated in one place, created in `wachtrij`, audited, queued before the commit.

    Rights (DOMAIN.md section 2): a gemeente user asks indicator reports of its own gemeente(n); the CBS
    exports are for the beheerder; professionals and teamleiders do not export. `periode` and `gemeente`
    are the texts of the request ("2020-Q3", "0546"); without gemeente a beheerder gets all gemeenten.
    """
    if not may_request_reports(user):
        raise Forbidden("Rapportages zijn er voor gemeenten en functioneel beheer; uw rol kan geen rapportages maken.")
    errors = Errors()
    parsed = _check_rapportage_input(errors, soort, formaat, periode)
    gemeente_obj = _check_gemeente(errors, user, gemeente)
    if soort == Rapportage.Soort.VERANTWOORDING and gemeente_obj is None and not errors.items:
        errors.add("gemeente", "gemeente_verplicht", "De verantwoording gaat over één gemeente: kies een gemeente.")
    errors.raise_if_any()
    capability = CAPABILITY_BY_SOORT[soort]
    if not rights.can(user, capability):
        if rights.can(user, Capability.INDICATOR_REPORTS):
            raise Forbidden("Een gemeente kan alleen indicatorenrapportages en de verantwoording maken; de CBS-exports zijn voor functioneel beheer.")
        raise rights.refusal(capability)
    if gemeente_obj is not None and not rights.gemeenten_for(user, capability).filter(pk=gemeente_obj.pk).exists():
        raise Forbidden(f"U kunt alleen rapportages maken voor uw eigen gemeente(n), niet voor {gemeente_obj.naam}.")
    rapportage = Rapportage.objects.create(
        soort=soort, periode=parsed.code, gemeente=gemeente_obj, formaat=formaat, status=Rapportage.Status.WACHTRIJ,
        definitieversie=DEFINITIEVERSIE, aangevraagd_door=user,
    )
    audit_record(user=user, action=Action.RAPPORTAGE_AANVRAGEN, object_type="rapportage", object_id=rapportage.pk,
                 detail={"soort": soort, "periode": parsed.code, "gemeente": gemeente_obj.code if gemeente_obj else "alle", "formaat": formaat})
    # Published before the commit, inside this transaction: a queue that cannot be reached rolls the row and its
    # audit row back (nothing is stored, the request can simply be sent again; `audit_refusals` then records that
    # the queue was unreachable). A worker that is quicker than the commit finds no row yet and tries again shortly.
    publish(rapportage.pk)
    return rapportage


@transaction.atomic(durable=True)
def quarterly_reports_create(*, vandaag: date | None = None) -> list[Rapportage]:
    """Celery beat, daily: the indicator reports of the last closed quarter for every gemeente, when missing.

    Idempotent: a second run (or a concurrent one: the advisory lock serialises them) creates nothing.
    """


    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(4711, 1)")
    kwartaal = last_closed_quarter(vandaag or timezone.localdate())
    bestaand = set(Rapportage.objects.filter(soort=Rapportage.Soort.INDICATOREN, periode=kwartaal.code, automatisch=True)
                   .values_list("gemeente_id", "formaat"))
    nieuw = [
        Rapportage(soort=Rapportage.Soort.INDICATOREN, periode=kwartaal.code, gemeente=gemeente, formaat=formaat,
                   definitieversie=DEFINITIEVERSIE, automatisch=True, aangevraagd_door=None)
        for gemeente in Gemeente.objects.order_by("code")
        for formaat in KWARTAAL_FORMATEN
        if (gemeente.pk, formaat) not in bestaand
    ]
    for rapportage in nieuw:
        rapportage.save()
        audit_record(user=None, action=Action.RAPPORTAGE_AUTOMATISCH, object_type="rapportage", object_id=rapportage.pk,
                     detail={"soort": rapportage.soort, "periode": kwartaal.code, "gemeente": rapportage.gemeente_id, "formaat": rapportage.formaat})
        _queue_after_commit(rapportage)
    return nieuw


# --- published versions (issue 10; DOMAIN.md section 7, "Published figures") -----------------------------------


#: the right that publishes (definitief) a report of each kind, besides the right to the kind itself. API.md 1.1: "gemeente
#: for its own indicator reports, beheerder for all". The verantwoording is the organisation's account to the gemeenteraad:
#: a gemeente reads and requests it, but only the organisation (functioneel beheer, `Capability.BEHEER`) publishes it.
PUBLICEREN = {
    Rapportage.Soort.INDICATOREN: Capability.INDICATOR_REPORTS,
    Rapportage.Soort.CBS_PROTOCOL: Capability.CBS_EXPORTS,
    Rapportage.Soort.CBS_AANLEVERING: Capability.CBS_EXPORTS,
    Rapportage.Soort.VERANTWOORDING: Capability.BEHEER,
}


def report_may_publish(user, rapportage: Rapportage) -> bool:
    """A gemeente user publishes the indicator reports of its own gemeente(n); the beheerder every report (the rights
    of the report's kind and of publishing it (`PUBLICEREN`), over the report's gemeente; a report over all gemeenten
    needs every gemeente)."""
    capability = CAPABILITY_BY_SOORT[rapportage.soort]
    if not rights.can(user, capability) or not rights.can(user, PUBLICEREN[rapportage.soort]):
        return False
    if rapportage.gemeente_id is None:
        return rights.reaches_every_gemeente(user, capability)
    return rights.gemeenten_for(user, capability).filter(pk=rapportage.gemeente_id).exists()


def _file_intact(rapportage: Rapportage) -> bool:
    """Whether the report's file is there and matches its sha256 (read a megabyte at a time)."""
    from reporting.generation import sha256_of  # this module imports the tasks, which import reporting.generation

    path = Path(settings.RAPPORTAGE_DIR) / rapportage.bestand
    return path.is_file() and sha256_of(path) == rapportage.sha256


@audit_refusals(Action.RAPPORTAGE_DEFINITIEF, "rapportage", "rapportage")
@transaction.atomic(durable=True)
def report_publish(*, user, rapportage: Rapportage) -> Rapportage:
    """Mark a `gereed` report definitief: from now on its file, sha256 and definitions version are the published truth.

    The version number is assigned (or confirmed) here: one more than the latest published version of the same soort,
    periode, gemeente and formaat; if another version was published since the report was made, it is renumbered and
    its `wijzigingen` are computed again against that one. Idempotent: a report already definitief is returned as it is.
    """
    if not report_may_publish(user, rapportage):
        if rights.can(user, Capability.INDICATOR_REPORTS) and rapportage.soort != Rapportage.Soort.INDICATOREN:
            raise Forbidden("Een gemeente kan alleen indicatorenrapportages definitief maken; de verantwoording en de CBS-exports "
                            "maakt functioneel beheer definitief.")
        raise Forbidden("U kunt alleen rapportages van uw eigen gemeente(n) definitief maken.")
    lock_versions(rapportage)
    # `cellen` (a CBS export's can be large) is read only when the report is compared again (then lazily, by `changes`)
    rapportage = Rapportage.objects.select_for_update(of=("self",)).select_related("gemeente").defer("cellen").get(pk=rapportage.pk)
    if rapportage.definitief:  # a second call: the published report as it is
        audit_record(user=user, action=Action.RAPPORTAGE_DEFINITIEF, object_type="rapportage", object_id=rapportage.pk,
                     detail={"versie": rapportage.versie, "al_definitief": True})
        return rapportage
    if rapportage.status != Rapportage.Status.GEREED:
        raise Conflict(f"Alleen een gereed rapport kan definitief worden gemaakt; deze rapportage is "
                       f"{rapportage.get_status_display().lower()}.", extra={"reden": "niet_gereed"})
    if rapportage.bestand_verwijderd_op is not None or not _file_intact(rapportage):
        raise Conflict("Het bestand van deze rapportage is niet meer beschikbaar, dus zij kan niet definitief worden gemaakt. "
                       "Vraag de rapportage opnieuw aan.", extra={"reden": "bestand_onbeschikbaar"})
    vorige = latest_published(rapportage)
    if vorige is not None and (rapportage.gestart_op or rapportage.aangemaakt_op) < (vorige.gestart_op or vorige.aangemaakt_op):
        raise Conflict(f"Er is al een nieuwere versie gepubliceerd (versie {vorige.versie}, gemaakt na deze rapportage): deze "
                       "oudere cijfers kunnen niet alsnog de gepubliceerde versie worden. Vraag de rapportage opnieuw aan.",
                       extra={"reden": "nieuwere_versie_gepubliceerd"})
    versie = (vorige.versie + 1) if vorige else 1
    vorige_id = ((rapportage.wijzigingen or {}).get("vorigeVersie") or {}).get("id")
    if versie != rapportage.versie or (vorige is not None and vorige_id != str(vorige.pk)):
        rapportage.versie = versie  # another version was published in between: renumber, compare with that one
        rapportage.wijzigingen = changes(rapportage, rapportage.cellen, vorige) if vorige else None
    rapportage.definitief, rapportage.definitief_op, rapportage.definitief_door = True, timezone.now(), user
    rapportage.save(update_fields=["definitief", "definitief_op", "definitief_door", "versie", "wijzigingen"])
    audit_record(user=user, action=Action.RAPPORTAGE_DEFINITIEF, object_type="rapportage", object_id=rapportage.pk,
                 detail={"soort": rapportage.soort, "periode": rapportage.periode, "gemeente": rapportage.gemeente_id or "alle",
                         "formaat": rapportage.formaat, "versie": versie, "sha256": rapportage.sha256,
                         "definitieversie": rapportage.definitieversie})
    return rapportage


# --- duiding ("tellen en vertellen") ---------------------------------------------------------------------------

DUIDING_MAX_TEKENS = 4000


def duiding_may_write(user, gemeente: Gemeente) -> bool:
    """A beheerder writes the duiding of every gemeente; a teamleider of the gemeenten their teams serve (the rights table)."""
    return gemeente is not None and rights.gemeenten_for(user, Capability.DUIDING).filter(pk=gemeente.pk).exists()


@audit_refusals(Action.DUIDING_OPSLAAN, "duiding", None)
@transaction.atomic(durable=True)
def duiding_save(*, user, gemeente: Gemeente, periode: str, tekst: str):
    """Write (or replace) the duiding of one gemeente and period; an empty text removes it. Audited."""
    if not duiding_may_write(user, gemeente):
        raise rights.refusal(Capability.DUIDING)
    errors = Errors()
    parsed = _periode(errors, periode)
    tekst = (tekst or "").strip()
    if len(tekst) > DUIDING_MAX_TEKENS:
        errors.add("tekst", "te_lang", f"De duiding is hoogstens {DUIDING_MAX_TEKENS} tekens; nu zijn het er {len(tekst)}.")
    errors.raise_if_any()
    if not tekst:
        removed = Duiding.objects.filter(gemeente=gemeente, periode=parsed.code).first()
        if removed is not None:
            removed.delete()
            audit_record(user=user, action=Action.DUIDING_VERWIJDEREN, object_type="duiding", object_id=removed.pk,
                         detail={"gemeente": gemeente.code, "periode": parsed.code})
        return None
    duiding, created = Duiding.objects.update_or_create(gemeente=gemeente, periode=parsed.code, defaults={"tekst": tekst, "auteur": user})
    audit_record(user=user, action=Action.DUIDING_OPSLAAN, object_type="duiding", object_id=duiding.pk,
                 detail={"gemeente": gemeente.code, "periode": parsed.code, "nieuw": created})
    return duiding


# --- the inputs of the verantwoording: StatLine figures and the beleidskader (issue 12) ---------------------------


@dataclass(frozen=True)
class StatlineGeladen:
    """What a StatLine CSV changed: rows added, rows whose figures changed, rows that were already so."""

    toegevoegd: int
    gewijzigd: int
    ongewijzigd: int

    def zin(self) -> str:
        return (f"StatLine-cijfers geladen: {self.toegevoegd} {'rij' if self.toegevoegd == 1 else 'rijen'} toegevoegd, "
                f"{self.gewijzigd} gewijzigd, {self.ongewijzigd} ongewijzigd.")


@audit_refusals(Action.STATLINE_LADEN, "statlinecijfer", None)
@transaction.atomic(durable=True)
def statline_laden(*, user, inhoud: bytes, bestandsnaam: str = "") -> StatlineGeladen:
    """Load the CBS StatLine figures of a CSV (`reporting.statline`): every line, or nothing.

    Any bad line refuses the whole file (400, each problem a Dutch sentence with its line number, field
    `regel_<n>` or `bestand`); a good file adds or updates one row per gemeente and year (figures not in the file
    stay as they are). `user`: the beheerder, or None from the command line (`manage.py statline_laden`, run by
    functioneel beheer on the server). Audited with the changed figures, old and new.
    """
    if user is not None:
        rights.check(user, Capability.BEHEER)
    regels, fouten = statline.lees(inhoud)
    if fouten:
        errors = Errors()
        for fout in fouten:
            errors.add(fout.veld, "ongeldige_regel" if fout.regelnummer else "ongeldig_bestand", fout.tekst)
        errors.raise_if_any()
    with connection.cursor() as cursor:  # two loads at once: the second waits, then sees the first one's rows
        cursor.execute("SELECT pg_advisory_xact_lock(4711, 2)")
    bestaand = {(c.gemeente_id, c.jaar): c for c in StatlineCijfer.objects.select_for_update()
                .filter(gemeente__in={r.gemeente for r in regels}, jaar__in={r.jaar for r in regels})}
    toegevoegd, gewijzigd = [], []
    for regel in regels:
        cijfer = bestaand.get((regel.gemeente, regel.jaar))
        nieuw = regel.cijfers()
        if cijfer is None:
            StatlineCijfer.objects.create(gemeente_id=regel.gemeente, jaar=regel.jaar, **nieuw)
            toegevoegd.append(f"{regel.gemeente}/{regel.jaar}")
            continue
        oud = {kolom: getattr(cijfer, kolom) for kolom in nieuw}
        if oud != nieuw:
            for kolom, waarde in nieuw.items():
                setattr(cijfer, kolom, waarde)
            cijfer.save(update_fields=[*nieuw, "geladen_op"])
            gewijzigd.append({"gemeente": regel.gemeente, "jaar": regel.jaar, "oud": oud, "nieuw": nieuw})
    resultaat = StatlineGeladen(len(toegevoegd), len(gewijzigd), len(regels) - len(toegevoegd) - len(gewijzigd))
    audit_record(user=user, action=Action.STATLINE_LADEN, object_type="statlinecijfer",
                 detail={"bestand": bestandsnaam[:200], "regels": len(regels), "toegevoegd": toegevoegd, "gewijzigd": gewijzigd,
                         "ongewijzigd": resultaat.ongewijzigd} | ({} if user is not None else {"via": "beheercommando"}))
    return resultaat


BELEIDSKADER_MAX_TEKENS = 2000


def beleidskader_te_lang(lengte: int) -> str:
    return (f"Een tekst van het beleidskader is hoogstens {BELEIDSKADER_MAX_TEKENS} tekens; nu zijn het er {lengte}. "
            "Verwijs voor de rest naar het beleidsstuk zelf.")


def beleidskader_may_write(user, gemeente: Gemeente | None) -> bool:
    """The beheerder writes the beleidskader of every gemeente; a gemeente user that of its own gemeente(n)."""
    return gemeente is not None and rights.gemeenten_for(user, Capability.BELEIDSKADER).filter(pk=gemeente.pk).exists()


@audit_refusals(Action.BELEIDSKADER_OPSLAAN, "beleidskader", None)
@transaction.atomic(durable=True)
def beleidskader_opslaan(*, user, gemeente: Gemeente, onderwerp: str, tekst: str) -> Beleidskader | None:
    """Write (or replace) one beleidskader text of a gemeente; an empty text removes it. Audited with the old and
    the new text. A gemeente user writes only its own gemeente's texts (403 otherwise)."""
    if not rights.can(user, Capability.BELEIDSKADER):
        raise rights.refusal(Capability.BELEIDSKADER)
    if not beleidskader_may_write(user, gemeente):
        raise Forbidden(f"U kunt alleen het beleidskader van uw eigen gemeente(n) schrijven, niet dat van {gemeente.naam}.",
                        extra={"gemeente": gemeente.code})
    errors = Errors()
    if onderwerp not in BeleidskaderOnderwerp.values:
        errors.add("onderwerp", "onbekend_onderwerp",
                   f"Onbekend onderwerp '{onderwerp}'. Kies uit: {', '.join(BeleidskaderOnderwerp.values)}.")
    tekst = (tekst or "").strip().replace("\r\n", "\n")
    if len(tekst) > BELEIDSKADER_MAX_TEKENS:
        errors.add("tekst", "te_lang", beleidskader_te_lang(len(tekst)))
    errors.raise_if_any()
    with connection.cursor() as cursor:  # two first saves of one text at once: the second waits and then replaces it
        cursor.execute("SELECT pg_advisory_xact_lock(4711, 3)")
    bestaand = Beleidskader.objects.filter(gemeente=gemeente, onderwerp=onderwerp).first()
    oud = bestaand.tekst if bestaand else ""
    detail = {"gemeente": gemeente.code, "onderwerp": onderwerp, "oud": oud, "nieuw": tekst}
    if not tekst:
        if bestaand is not None:
            pk = bestaand.pk
            bestaand.delete()
            audit_record(user=user, action=Action.BELEIDSKADER_VERWIJDEREN, object_type="beleidskader", object_id=pk, detail=detail)
        return None
    if bestaand is None:
        bestaand = Beleidskader.objects.create(gemeente=gemeente, onderwerp=onderwerp, tekst=tekst, auteur=user)
    elif tekst != oud:
        bestaand.tekst, bestaand.auteur = tekst, user
        bestaand.save(update_fields=["tekst", "auteur", "gewijzigd_op"])
    else:
        return bestaand  # nothing changed: no new date, no audit row
    audit_record(user=user, action=Action.BELEIDSKADER_OPSLAAN, object_type="beleidskader", object_id=bestaand.pk, detail=detail)
    return bestaand
