"""Published report versions (DOMAIN.md section 7, "Published figures"): the cells a report delivered, its version
number, and what changed since the previous published version and why.

- `cellen`: what a report delivered, as {key: value}, kept on the row (`Rapportage.cellen`) when it is made, so two
  versions can be compared without reading their files. An indicator report keeps its disclosure-controlled cells as
  delivered (`weergave`): "I01", "I03|reden_beeindiging|01". A CBS export keeps one key per record and column,
  "<pseudoniem>|<datum_aanvang>|<kolom>"; never a BSN (the statutory delivery is keyed by the pseudonym too).
- `versie`: 1, 2, ... per soort, periode, gemeente and formaat; a report made after version n was published is n+1.
- `wijzigingen` (from version 2 on): the cells that differ from the latest published version, each with a Dutch
  sentence, and the corrections (`cases.Correctie`) made since that version that touch the period, counted per soort.
  Only counts, and for an indicator report (what a gemeente receives) those counts under the same disclosure control
  as every figure (`reporting.disclosure.protect`: 1 to 9 is ".", others rounded to 5): no id, date, small count or
  other value of a person reaches a gemeente.
- The statutory delivery (`cbs_aanlevering`) keeps no value in its cells, only a keyed hash of each (`_verborgen`): a
  change between versions is found, but the row never holds a birth date or postcode that would outlive the file's
  BSN retention or the destruction of a jeugdige.
"""

import hashlib
import hmac

from django.db import connection
from django.db.models import Count, Q
from django.utils import timezone

from cases.models import Adres, Correctie, CorrectieSoort
from reporting.disclosure import protect
from reporting.indicators import NAMEN, Cel
from reporting.labels import categorie_label, dimensie_label, probleemcategorie_names
from reporting.models import Rapportage
from reporting.periods import periode_parse

SEP = "|"
#: the CBS columns that make a record's key, so not compared as cells of their own
SLEUTEL_KOLOMMEN = {"pseudoniem", "bsn", "datum_aanvang"}

#: a correction soort in a sentence: (one, several)
CORRECTIE_TEKST = {
    CorrectieSoort.CONTACT_GEWIJZIGD: ("contact gecorrigeerd", "contacten gecorrigeerd"),
    CorrectieSoort.CONTACT_VERWIJDERD: ("contact verwijderd", "contacten verwijderd"),
    CorrectieSoort.CONTACT_GEKOPPELD: ("contact later aan een dossier gekoppeld", "contacten later aan een dossier gekoppeld"),
    CorrectieSoort.CONTACT_NAGEKOMEN: ("contact later geregistreerd", "contacten later geregistreerd"),
    CorrectieSoort.STATUS_TERUGGEZET: ("statuswijziging met terugwerkende kracht", "statuswijzigingen met terugwerkende kracht"),
    CorrectieSoort.DOSSIER_GEWIJZIGD: ("dossier gewijzigd", "dossiers gewijzigd"),
    CorrectieSoort.VERHUIZING: ("verhuizing", "verhuizingen"),
    CorrectieSoort.JEUGDIGE_GEWIJZIGD: ("jeugdige gecorrigeerd", "jeugdigen gecorrigeerd"),
    CorrectieSoort.GEZINSLID_TOEGEVOEGD: ("jeugdige met terugwerkende kracht aan een dossier toegevoegd",
                                          "jeugdigen met terugwerkende kracht aan een dossier toegevoegd"),
    CorrectieSoort.GEZINSLID_VERWIJDERD: ("jeugdige uit een dossier verwijderd", "jeugdigen uit een dossier verwijderd"),
}
_LOCK_CLASS = 4713


# --- the cells of a report -------------------------------------------------------------------------------------


def indicator_cellen(report: dict) -> dict[str, str]:
    """The delivered (disclosure-controlled) cells of an indicator report: its `weergave`, "." where suppressed."""
    cellen = {}
    for indicator in report["indicatoren"]:
        cellen[indicator["code"]] = indicator["weergave"]
        for cel in indicator["uitsplitsingen"]:
            cellen[SEP.join((indicator["code"], str(cel["dimensie"]), str(cel["categorie"])))] = cel["weergave"]
    return cellen


def _verborgen(value: str) -> str:
    """A keyed hash of a cell's value (the organisation's pseudonym secret): equal values give equal hashes."""
    from django.conf import settings

    return "#" + hmac.new(settings.PSEUDONYM_SECRET.encode(), ("cel:" + value).encode(), hashlib.sha256).hexdigest()[:16]


def record_cellen(header, rows, sleutels, *, verbergen: bool = False) -> dict[str, str]:
    """One key per record and column of a CBS export; `sleutels` are the records' keys ("<pseudoniem>|<datum_aanvang>"),
    in the order of `rows`. Two records with the same key (the same jeugdige starting twice on one day) are numbered.
    `verbergen`: keep a keyed hash of each value instead of the value (the statutory delivery)."""
    cellen = RecordCellen(header, verbergen=verbergen)
    for sleutel, row in zip(sleutels, rows, strict=True):
        cellen.add(sleutel, row)
    return cellen.cellen


class RecordCellen:
    """`record_cellen` one record at a time (`add`), for an export that streams its records: `cellen` is the result."""

    def __init__(self, header, *, verbergen: bool = False):
        self.header, self.verbergen = tuple(header), verbergen
        self.cellen: dict[str, str] = {}
        self._gezien: dict[str, int] = {}

    def add(self, sleutel: str, row) -> None:
        self._gezien[sleutel] = self._gezien.get(sleutel, 0) + 1
        record = sleutel if self._gezien[sleutel] == 1 else f"{sleutel}#{self._gezien[sleutel]}"
        for kolom, value in zip(self.header, row, strict=True):
            if kolom not in SLEUTEL_KOLOMMEN:
                text = "" if value is None else str(value)
                self.cellen[SEP.join((record, kolom))] = _verborgen(text) if self.verbergen else text


# --- versions --------------------------------------------------------------------------------------------------


def lock_versions(rapportage: Rapportage) -> None:
    """Serialise numbering and publishing of one (soort, periode, gemeente, formaat) until the transaction ends."""
    key = SEP.join((rapportage.soort, rapportage.periode, rapportage.gemeente_id or "", rapportage.formaat))
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [_LOCK_CLASS, key])


def latest_published(rapportage: Rapportage) -> Rapportage | None:
    """The latest published version of the same soort, periode, gemeente and formaat (not the report itself)."""
    return (Rapportage.objects.filter(soort=rapportage.soort, periode=rapportage.periode, gemeente_id=rapportage.gemeente_id,
                                      formaat=rapportage.formaat, definitief=True)
            .exclude(pk=rapportage.pk).order_by("-versie").first())


def version_fields(rapportage: Rapportage, cellen: dict | None) -> dict:
    """`versie` and `wijzigingen` of a report with these cells, against the latest published version (call under
    `lock_versions`). Version 1 (nothing published yet) has no wijzigingen."""
    vorige = latest_published(rapportage)
    if vorige is None:
        return {"versie": 1, "wijzigingen": None}
    return {"versie": vorige.versie + 1, "wijzigingen": changes(rapportage, cellen, vorige)}


# --- what changed, and why -------------------------------------------------------------------------------------


def _datum(moment) -> str:
    return timezone.localtime(moment).strftime("%d-%m-%Y")


def _tekst(value) -> str:
    if value is None:
        return "er niet"
    if value == ".":
        return "afgeschermd (.)"
    if value.startswith("#"):
        return "een andere waarde"  # a hashed cell of the statutory delivery: changed, its value not kept
    return value or "leeg"


def corrections_since(rapportage: Rapportage, vorige: Rapportage) -> list[dict]:
    """The corrections made after the previous version was computed and before this one was, whose registration dates
    overlap the period, counted per soort. For a gemeente's report only those of dossiers or jeugdigen that have had an
    address in the gemeente, those of contacts without a dossier (which name no jeugdige), and every attachment of such a
    contact to a dossier (its former gemeente is not kept)."""
    periode = periode_parse(rapportage.periode, vandaag=timezone.localdate(rapportage.aangemaakt_op))
    vanaf = vorige.gestart_op or vorige.aangemaakt_op
    tot = rapportage.gestart_op or timezone.now()
    found = Correctie.objects.filter(moment__gt=vanaf, moment__lte=tot, datum_van__lte=periode.einde, datum_tot__gte=periode.start)
    if rapportage.gemeente_id is not None:
        bewoners = Adres.objects.filter(gemeente_id=rapportage.gemeente_id).values("jeugdige_id")
        # A contact attached to a dossier was one without dossier, counted in its own gemeente, which the correction
        # does not keep: like every correction of a contact without dossier, it is named in every gemeente's report.
        found = found.filter(Q(jeugdige_id__in=bewoners) | Q(dossier__jeugdigen__in=bewoners)
                             | Q(jeugdige__isnull=True, dossier__isnull=True) | Q(soort=CorrectieSoort.CONTACT_GEKOPPELD))
        found = Correctie.objects.filter(pk__in=found.values("pk"))  # once each, however many jeugdigen matched
    counts = dict(found.values_list("soort").annotate(n=Count("id")))
    correcties = [{"soort": soort, "omschrijving": CorrectieSoort(soort).label, "aantal": counts[soort]}
                  for soort in CorrectieSoort.values if counts.get(soort)]
    if rapportage.soort in (Rapportage.Soort.INDICATOREN, Rapportage.Soort.VERANTWOORDING):
        # What a gemeente receives: the counts under disclosure control, like every figure.
        for c in correcties:
            beveiligd = protect(Cel(None, None, c["aantal"]))
            c["aantal"], c["weergave"] = beveiligd.waarde, beveiligd.weergave
    return correcties


def corrections_sentence(vorige: Rapportage, correcties: list[dict]) -> str:
    """"Sinds versie 1 (definitief op 03-02-2027) zijn 2 registraties uit deze periode gecorrigeerd: 1 contact gecorrigeerd,
    1 verhuizing." """
    sinds = f"Sinds versie {vorige.versie} (definitief op {_datum(vorige.definitief_op)})"
    if any("weergave" in c for c in correcties):
        return _protected_sentence(sinds, correcties)
    totaal = sum(c["aantal"] for c in correcties)
    if not totaal:
        return f"{sinds} is geen registratie uit deze periode gecorrigeerd; het verschil komt door registraties die later zijn ingevoerd."
    delen = ", ".join(f"{c['aantal']} {CORRECTIE_TEKST[c['soort']][0 if c['aantal'] == 1 else 1]}" for c in correcties)
    if totaal == 1:
        return f"{sinds} is 1 registratie uit deze periode gecorrigeerd: {delen}."
    return f"{sinds} zijn {totaal} registraties uit deze periode gecorrigeerd: {delen}."


def _protected_sentence(sinds: str, correcties: list[dict]) -> str:
    """The sentence with disclosure-controlled counts: "minder dan 10" for a suppressed one, else the rounded count."""
    def aantal(c) -> str:
        return "minder dan 10" if c["aantal"] is None else f"ongeveer {c['aantal']}"

    delen = ", ".join(f"{CORRECTIE_TEKST[c['soort']][1]} ({aantal(c)})" for c in correcties)
    return f"{sinds} zijn registraties uit deze periode gecorrigeerd: {delen}."


def _midden(label: str) -> str:
    """A label in the middle of a sentence: "Huisbezoek" -> "huisbezoek" (an abbreviation such as "LVB" stays)."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def _indicator_cel(sleutel: str, namen: dict) -> tuple[dict, str]:
    code, _, rest = sleutel.partition(SEP)
    dimensie, _, categorie = rest.partition(SEP)
    naam = NAMEN.get(code, code)
    if not rest:
        return {"code": code, "dimensie": None, "categorie": None, "record": None, "kolom": None}, f"{naam} ({code})"
    wat = f"{naam} ({code}), {dimensie_label(dimensie)} {_midden(categorie_label(dimensie, categorie, probleemcategorieen=namen))}"
    return {"code": code, "dimensie": dimensie, "categorie": categorie, "record": None, "kolom": None}, wat


def _record_cel(sleutel: str) -> tuple[dict, str]:
    record, _, kolom = sleutel.rpartition(SEP)
    pseudoniem, _, aanvang = record.partition(SEP)
    aanvang = aanvang.partition("#")[0]
    datum = f"{aanvang[6:8]}-{aanvang[4:6]}-{aanvang[:4]}" if len(aanvang) == 8 else aanvang
    return ({"code": None, "dimensie": None, "categorie": None, "record": record, "kolom": kolom},
            f"Record {pseudoniem[:8]} (hulp vanaf {datum}), {kolom}")


def _verantwoording_cel(sleutel: str) -> tuple[dict, str]:
    """A verantwoording cell "<sectie>|<tabel>|<rij>|<kolom>" (`reporting.verantwoording.verantwoording_cellen`)."""
    sectie, tabel, rij, kolom = (sleutel.split(SEP) + ["", "", "", ""])[:4]
    return ({"code": None, "dimensie": None, "categorie": None, "record": SEP.join((sectie, tabel, rij)), "kolom": kolom},
            f"Verantwoording, {sectie.replace('_', ' ')}, {tabel.replace('_', ' ')}, {rij.replace('_', ' ')}, {kolom}")


def changes(rapportage: Rapportage, cellen: dict | None, vorige: Rapportage) -> dict:
    """`wijzigingen` of `rapportage` (with these cells) against the published version `vorige`."""
    correcties = corrections_since(rapportage, vorige)
    reden = corrections_sentence(vorige, correcties)
    result = {
        "vorigeVersie": {"id": str(vorige.pk), "versie": vorige.versie, "definitiefOp": timezone.localtime(vorige.definitief_op).isoformat()},
        "correcties": correcties,
        "correctiesVan": "organisatie" if rapportage.gemeente_id is None else "gemeente",
        "toelichting": reden,
    }
    if cellen is None or vorige.cellen is None:
        result["cellen"] = None  # a version made before cells were kept: it cannot be compared cell by cell
        return result
    indicator = rapportage.soort == Rapportage.Soort.INDICATOREN
    namen = probleemcategorie_names() if indicator else {}
    gewijzigd = []
    for sleutel in sorted(set(cellen) | set(vorige.cellen), key=_order if indicator else str):
        oud, nieuw = vorige.cellen.get(sleutel), cellen.get(sleutel)
        if oud == nieuw:
            continue
        if rapportage.soort == Rapportage.Soort.VERANTWOORDING:
            velden, wat = _verantwoording_cel(sleutel)
        else:
            velden, wat = _indicator_cel(sleutel, namen) if indicator else _record_cel(sleutel)
        gewijzigd.append({"sleutel": sleutel, **velden, "oud": oud, "nieuw": nieuw,
                          "zin": f"{wat}: was {_tekst(oud)}, is nu {_tekst(nieuw)}. {reden}"})
    result["cellen"] = gewijzigd
    return result


def _order(sleutel: str):
    """Indicator cells in report order: by code, the total first."""
    code, _, rest = sleutel.partition(SEP)
    return (code, rest != "", rest)
