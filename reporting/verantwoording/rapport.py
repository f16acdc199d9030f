"""The verantwoording as it leaves the system: every cell through `reporting.disclosure.protect`, as JSON (the shape in
docs/VERANTWOORDING.md), with a Dutch sentence per section made from the protected figures only.
"""

from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal

from django.db import DEFAULT_DB_ALIAS, connections, transaction

from reporting.dashboard import eerste_registratie
from reporting.db import lees_verbinding
from reporting.disclosure import ONDERDRUKT, Beveiligd, protect, protect_group
from reporting.indicators import DEFINITIEVERSIE
from reporting.indicators.base import Context
from reporting.periods import EERSTE_JAAR, Periode
from reporting.report import duiding_text
from reporting.verantwoording.hulp import kinderen, ontwikkeling, welke_hulp
from reporting.verantwoording.kosten import NORMUREN_PER_FTE, kosten
from reporting.verantwoording.monitoring import beleidskader, monitoring, registratielast
from reporting.verantwoording.vorm import Sectie, Tabel
from reporting.verantwoording.werkwijze import werkwijze

SEP = "|"

DEFINITIES = (
    ("Jeugdige met hulp", "Een jeugdige met een hulpperiode (licht of zwaarder) die de periode overlapt (I01), in de gemeente waar hij of "
                          "zij woonde op de laatste dag van die overlap."),
    ("Hulpperiode", "Binnen een aaneengesloten periode waarin het dossier actief is: van het eerste tot het laatste hulpcontact "
                    "(inzet hulp, hulpsoort licht of zwaarder). Waakvlam en afsluiten beëindigen haar; heractiveren start een nieuwe."),
    ("Hulpcontact", "Een contact met inzet hulp en hulpsoort licht, middelzwaar of zwaar. Preventief werk en advies zijn geen jeugdhulp."),
    ("Herhaald beroep", "Een eerdere hulpperiode van dezelfde jeugdige eindigde hoogstens 365 dagen vóór de start van de nieuwe."),
    ("Inzet", "Wat het team in een contact deed: hulp, advies (informatie en consultatie), toegang (triage, toeleiding, verwijzing) "
              "of regie (coördinatie van hulp die anderen geven)."),
    ("Doorverwijzing", "Een verwijzing door het team naar andere zorg, met status verwezen, gestart, afgewezen of niet gestart, en of "
                       "het team de wachttijd overbrugt."),
    ("Registratiedekking", f"Geregistreerde contacturen als deel van de beschikbare uren: {NORMUREN_PER_FTE} productieve uren per fte per "
                           "jaar, naar rato van de periode."),
    ("Afscherming", "Een aantal van 1 tot en met 9 staat als '.', andere aantallen zijn afgerond op vijftallen; een percentage, "
                    "gemiddelde, mediaan of bedrag per eenheid staat als '.' als het op minder dan 10 waarnemingen rust. Delen "
                    "die samen een bekend totaal vormen (het budget per inzet, de verdeling van de minuten, de overbrugging per "
                    "soort verwijzing) krijgen waar nodig nog een '.', steeds bij hetzelfde deel, zodat een verborgen deel "
                    "niet volgt uit het totaal min de getoonde delen. Het budget per inzet en het deel van de minuten volgen de "
                    "afgeronde minuten."),
)


@contextmanager
def momentopname(voortgang=None):
    """One snapshot for the whole report: a REPEATABLE READ, READ ONLY transaction on the connection reporting reads on
    (`reporting.db.lees_verbinding`: the replica when there is one, else the primary), so every section sees the
    registration as it was at one moment and the report is internally consistent (a contact registered while section 2
    is computed cannot appear in section 5 and not in section 2). A hot standby serves such transactions too.

    Yields `voortgang` to call between sections. Its progress is a write to the report's status row on the primary;
    when the primary is also the reading connection (no replica), that write runs on a connection of its own, so the
    snapshot stays read only and the progress is seen while the report is being made.

    Already inside a transaction on that connection (a caller's atomic block, a test): that transaction is the one
    snapshot there is; the isolation level can only be set at a transaction's start, so it is left as it is.
    """
    verbinding = lees_verbinding()
    if verbinding.in_atomic_block:
        yield voortgang
        return
    eigen = None
    melden = voortgang
    if voortgang is not None and verbinding.alias == DEFAULT_DB_ALIAS:
        eigen = connections.create_connection(DEFAULT_DB_ALIAS)

        def melden(n):
            bewaard = connections[DEFAULT_DB_ALIAS]
            connections[DEFAULT_DB_ALIAS] = eigen
            try:
                voortgang(n)
            finally:
                connections[DEFAULT_DB_ALIAS] = bewaard
    try:
        with transaction.atomic(using=verbinding.alias):
            with verbinding.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield melden
    finally:
        if eigen is not None:
            eigen.close()


def sections_compute(periode: Periode, gemeente, *, vandaag: date, voortgang=None) -> list[Sectie]:
    """The eight sections with raw, unrounded cells (for the tests and for `verantwoording_report` only), all in one
    snapshot (`momentopname`). `voortgang(n)` hears 0..100 as the sections are done."""
    with momentopname(voortgang) as melden:
        return _sections(periode, gemeente, vandaag=vandaag, voortgang=melden)


def _sections(periode: Periode, gemeente, *, vandaag: date, voortgang) -> list[Sectie]:
    codes = [gemeente.code]
    ctx = Context(periode, codes)
    vorige_periode = periode.shift_years(-1) if periode.jaartal - 1 >= EERSTE_JAAR else None
    vorige = Context(vorige_periode, codes) if vorige_periode else None
    stappen = [
        lambda: ontwikkeling(periode, gemeente, eerste_registratie(gemeente), contexten=tuple(c for c in (ctx, vorige) if c)),
        lambda: welke_hulp(ctx),
        lambda: kinderen(ctx, vorige),
        lambda: werkwijze(ctx),
        lambda: kosten(ctx, gemeente),
        lambda: monitoring(ctx, gemeente, vandaag),
        lambda: beleidskader(gemeente),
        lambda: registratielast(ctx, gemeente),
    ]
    secties = []
    for i, stap in enumerate(stappen, start=1):
        secties.append(stap())
        if voortgang is not None:
            voortgang(100 * i // len(stappen))
    return secties


# --- Dutch numbers and sentences ----------------------------------------------------------------------------------


def nl(weergave: str) -> str:
    """A protected `weergave` in Dutch notation with a thousands separator: "1590" -> "1.590", "-1234,5" -> "-1.234,5"."""
    if not weergave or weergave == ONDERDRUKT:
        return weergave
    teken, rest = ("-", weergave[1:]) if weergave.startswith("-") else ("", weergave)
    heel, komma, decimalen = rest.partition(",")
    if not heel.isdigit():
        return weergave
    groepen = []
    while len(heel) > 3:
        groepen.insert(0, heel[-3:])
        heel = heel[:-3]
    groepen.insert(0, heel)
    return teken + ".".join(groepen) + (komma + decimalen if komma else "")


def _cel(sectie: dict, tabel: str, rij: str, kolom: int = 0) -> dict:
    t = next(t for t in sectie["tabellen"] if t["sleutel"] == tabel)
    return next(r for r in t["rijen"] if r["sleutel"] == rij)["cellen"][kolom]


def _n(cel: dict) -> str:
    """A protected count in a sentence: the Dutch number, or "minder dan 10" where it is suppressed."""
    return "minder dan 10" if cel["weergave"] == ONDERDRUKT else nl(cel["weergave"])


def _v(cel: dict) -> str | None:
    """A protected rate, mean or amount in a sentence; None where it cannot be shown."""
    return None if cel["waarde"] is None else nl(cel["weergave"])


def _vergelijking(a, b, label: str) -> str:
    """", 4% meer dan in 2024" from two shown counts; empty when either cannot be shown (or the earlier one is 0)."""
    if a is None or not b:
        return ""
    verschil = round(Decimal(100) * (Decimal(a) - Decimal(b)) / Decimal(b))
    return f", {abs(verschil)}% {'meer' if verschil >= 0 else 'minder'} dan in {label}"


def _zin_ontwikkeling(s: dict, periode: str, kern: dict | None = None) -> str:
    """The sentence of section 1: a whole year beside the whole year before it and beside CBS. For a part of a year
    (`kern`: section 3's kerncijfers, the period and the same period a year earlier) like with like: the period's
    jeugdigen met hulp beside the same period a year earlier, never a quarter beside a whole year, and no CBS figure
    (CBS counts whole years)."""
    rijen = s["tabellen"][0]["rijen"]
    nu = rijen[-1]
    product = nu["cellen"][0]
    if product["waarde"] is None and product["weergave"] != ONDERDRUKT:  # "geen gegevens": before the first registration
        return f"Over {nu['label']} heeft het jeugdteam nog geen gegevens: de registratie begon later."
    if kern is not None:
        rij = next(r for r in kern["rijen"] if r["sleutel"] == "jeugdigen_met_hulp")
        dit, toen = rij["cellen"]
        return (f"In {periode} kregen {_n(dit)} jeugdigen hulp van het jeugdteam"
                f"{_vergelijking(dit['waarde'], toen['waarde'], kern['kolommen'][1])}.")
    zin = f"In {nu['label']} kregen {_n(product)} jeugdigen hulp van het jeugdteam"
    if len(rijen) > 1:
        vorig = rijen[-2]
        zin += _vergelijking(nu["cellen"][0]["waarde"], vorig["cellen"][0]["waarde"], vorig["label"])
    cbs = nu["cellen"][1]
    if cbs["waarde"] is not None:
        zin += f"; het CBS telde {nl(cbs['weergave'])} jeugdigen met hulp van het wijkteam"
    return zin + "."


def _zin_welke_hulp(s: dict, periode: str) -> str:
    hulp = _v(_cel(s, "contacten_per_inzet", "hulp", 2))
    totaal = _cel(s, "contacten_per_inzet", "totaal", 1)
    if totaal["waarde"] is None:
        return f"In {periode} registreerde het team te weinig contacten om de minuten en hun verdeling over de inzet te tonen."
    if hulp is None:
        return f"In {periode} registreerde het team {_n(totaal)} contactminuten; het deel hulp is te klein om te tonen."
    return (f"In {periode} registreerde het team {_n(totaal)} contactminuten, waarvan {hulp}% hulp; de rest ging naar advies, "
            "toegang en regie.")


def _zin_kinderen(s: dict, periode: str) -> str:
    per = _v(_cel(s, "kerncijfers", "hulpperiodes_per_jeugdige"))
    zin = (f"In {periode} hadden {_n(_cel(s, 'kerncijfers', 'jeugdigen_met_hulp'))} jeugdigen samen "
           f"{_n(_cel(s, 'kerncijfers', 'hulpperiodes'))} hulpperiodes")
    if per is not None:
        zin += f", gemiddeld {per} per jeugdige"
    return zin + f"; {_n(_cel(s, 'kerncijfers', 'herhaald_beroep'))} gestarte hulpperiodes waren herhaald beroep."


def _zin_werkwijze(s: dict, periode: str) -> str:
    dagen = _v(_cel(s, "werkwijze", "mediane_dagen_aanmelding_hulp"))
    wachtend = _cel(s, "doorverwijzingen", "totaal", 7)
    zin = f"Aan het einde van {periode} wachtten {_n(wachtend)} doorverwijzingen langer dan 30 dagen op de start van de hulp"
    if dagen is not None:
        zin += f"; van aanmelding tot eerste hulpcontact duurde het mediaan {dagen} dagen"
    return zin + "."


def _zin_kosten(s: dict, periode: str) -> str:
    budget = _cel(s, "kosten", "budget")
    if budget["waarde"] is None:
        return f"Voor {periode} is geen budget vastgelegd, dus de kosten zijn niet berekend."
    zin = f"Het budget voor {periode} is € {nl(budget['weergave'])}"
    traject = _v(_cel(s, "kosten", "kosten_per_traject"))
    if traject is not None:
        zin += f"; een beëindigde hulpperiode kostte gemiddeld € {traject}"
    dekking = _v(_cel(s, "registratiedekking", "pct_dekking"))
    if dekking is not None:
        zin += f"; de registratie verklaart {dekking}% van de beschikbare uren"
    return zin + "."


def _zin_monitoring(s: dict, periode: str) -> str:
    rijen = s["tabellen"][0]["rijen"]
    getoond = [r for r in rijen if r["cellen"][0]["waarde"]]
    soorten = sum(1 for r in rijen if r["cellen"][0]["weergave"] != "0")
    return (f"De registratie heeft bevindingen over de datakwaliteit van {soorten} soorten"
            f"{' (' + ', '.join(nl(r['cellen'][0]['weergave']) for r in getoond) + ')' if getoond else ''}; "
            f"de cijfers volgen de definities versie {DEFINITIEVERSIE}.")


def _zin_beleidskader(s: dict, periode: str) -> str:
    ingevuld = sum(1 for t in s["teksten"] if t["gewijzigdOp"])
    return f"{ingevuld} van de {len(s['teksten'])} onderwerpen van het beleidskader zijn ingevuld."


def _zin_registratielast(s: dict, periode: str) -> str:
    seconden = _v(_cel(s, "registratielast", "mediaan_seconden_per_contact"))
    uren = _v(_cel(s, "registratielast", "registratie_uren_per_fte"))
    if seconden is not None and uren is not None:
        return (f"In {periode} kostte het registreren van een contact mediaan {seconden} seconden; samen is dat {uren} "
                "registratie-uren per fte per jaar.")
    if seconden is not None:
        return f"In {periode} kostte het registreren van een contact mediaan {seconden} seconden."
    if uren is not None:
        return f"In {periode} kostte het registreren {uren} registratie-uren per fte per jaar."
    return f"De registratietijd in {periode} rust op te weinig metingen om te tonen."


ZINNEN = {"ontwikkeling": _zin_ontwikkeling, "welke_hulp": _zin_welke_hulp, "kinderen": _zin_kinderen, "werkwijze": _zin_werkwijze,
          "kosten": _zin_kosten, "monitoring": _zin_monitoring, "beleidskader": _zin_beleidskader, "registratielast": _zin_registratielast}


# --- the report ---------------------------------------------------------------------------------------------------


def table_protect(tabel: Tabel) -> list[list[Beveiligd]]:
    """Every cell of a table through `protect`; an additive column (`Tabel.optellend`) as a group through
    `protect_group` (its total public or not), so no suppressed part of it is the known total minus the shown parts."""
    beveiligd = [[protect(c) for c in r.cellen] for r in tabel.rijen]
    for kolom, totaal, openbaar in tabel.optellende_kolommen():
        t = next(i for i, r in enumerate(tabel.rijen) if r.sleutel == totaal)
        delen = [i for i in range(len(tabel.rijen)) if i != t]
        getoond, totaal_getoond = protect_group([tabel.rijen[i].cellen[kolom] for i in delen], tabel.rijen[t].cellen[kolom],
                                                totaal_openbaar=openbaar)
        for i, b in zip(delen, getoond, strict=True):
            beveiligd[i][kolom] = b
        beveiligd[t][kolom] = totaal_getoond
    return beveiligd


def section_protect(sectie: Sectie, periode: str) -> dict:
    """One section as JSON: every cell through `protect` (`table_protect`), then its sentence from those protected cells."""
    result = {
        "nummer": sectie.nummer, "sleutel": sectie.sleutel, "titel": sectie.titel, "vraag": sectie.vraag,
        "tabellen": [{
            "sleutel": t.sleutel, "titel": t.titel, "kolommen": list(t.kolommen), "grafiek": list(t.grafiek),
            "rijen": [{"sleutel": r.sleutel, "label": r.label,
                       "cellen": [{"waarde": b.waarde, "weergave": b.weergave} for b in cellen]}
                      for r, cellen in zip(t.rijen, table_protect(t), strict=True)],
        } for t in sectie.tabellen],
        "teksten": [{"onderwerp": t.sleutel, "titel": t.titel, "tekst": t.tekst, "gewijzigdOp": t.gewijzigd_op} for t in sectie.teksten],
        "methode": sectie.methode,
    }
    result["samenvatting"] = ZINNEN[sectie.sleutel](result, periode)
    return result


def verantwoording_report(*, periode: Periode, gemeente, gemaakt_op: datetime, vandaag: date | None = None, voortgang=None) -> dict:
    """The verantwoording of one gemeente over `periode`, disclosure-controlled, as docs/VERANTWOORDING.md describes."""
    vandaag = vandaag or gemaakt_op.date()
    secties = sections_compute(periode, gemeente, vandaag=vandaag, voortgang=voortgang)
    vorige = periode.shift_years(-1).code if periode.jaartal - 1 >= EERSTE_JAAR else None
    beschermd = [section_protect(s, periode.code) for s in secties]
    if periode != Periode.jaar(periode.jaartal):  # a part of a year: section 1's sentence compares like with like
        kern = next(t for t in beschermd[2]["tabellen"] if t["sleutel"] == "kerncijfers")
        beschermd[0]["samenvatting"] = _zin_ontwikkeling(beschermd[0], periode.code, kern)
    return {
        "soort": "verantwoording",
        "periode": periode.code,
        "vergelijkingsperiode": vorige,
        "gemeente": {"code": gemeente.code, "naam": gemeente.naam},
        "definitieversie": DEFINITIEVERSIE,
        "gemaaktOp": gemaakt_op.isoformat(),
        "duiding": duiding_text(gemeente, periode),
        "secties": beschermd,
        "definities": [{"term": term, "definitie": tekst} for term, tekst in DEFINITIES],
    }


def verantwoording_cellen(report: dict) -> dict[str, str]:
    """The delivered cells, for published versions (`reporting.versions`): "<sectie>|<tabel>|<rij>|<kolom>" -> weergave."""
    cellen = {}
    for sectie in report["secties"]:
        for tabel in sectie["tabellen"]:
            for rij in tabel["rijen"]:
                for kolom, cel in zip(tabel["kolommen"], rij["cellen"], strict=True):
                    cellen[SEP.join((sectie["sleutel"], tabel["sleutel"], rij["sleutel"], kolom))] = cel["weergave"]
    return cellen
