"""Published report versions (DOMAIN.md section 7, "Published figures"): the cells a report delivered, its version
number, and what changed since the previous published version and why.

- `cellen`: what a report delivered, as {key: value}, kept on the row (`Rapportage.cellen`) when it is made, so two
  versions can be compared without reading their files; a CBS export's in a table of their own instead (`RapportageCel`,
  its `cellen` then `{}`): millions of cells do not fit one jsonb value. An indicator report keeps its disclosure-controlled cells as
  delivered (`weergave`): "I01", "I03|reden_beeindiging|01". A CBS export keeps one key per record and column,
  "<pseudoniem>|<datum_aanvang>|<kolom>"; never a BSN (the statutory delivery is keyed by the pseudonym too).
- `versie`: 1, 2, ... per soort, periode, gemeente and formaat; a report made after version n was published is n+1.
- `wijzigingen` (from version 2 on): the cells that differ from the latest published version, each with a Dutch
  sentence (for a CBS export the first WIJZIGINGEN_MAX in key order; when more differ, also `cellenAantal` and
  `cellenPerKolom`: how many in all and per column), and the corrections (`cases.Correctie`) made since that version that touch the period, counted per soort.
  Only counts, and for an indicator report (what a gemeente receives) those counts under the same disclosure control
  as every figure (`reporting.disclosure.protect`: 1 to 9 is ".", others rounded to 5): no id, date, small count or
  other value of a person reaches a gemeente.
- The statutory delivery (`cbs_aanlevering`) keeps no value in its cells, only a keyed hash of each (`_verborgen`): a
  change between versions is found, but the row never holds a birth date or postcode that would outlive the file's
  BSN retention or the destruction of a jeugdige.
"""

import functools
import hmac
import io
import re
import tempfile

from django.db import connection
from django.db.models import Count, Q
from django.utils import timezone

from cases.models import Adres, Correctie, CorrectieSoort
from reporting.disclosure import protect
from reporting.indicators import NAMEN, Cel
from reporting.labels import categorie_label, dimensie_label, probleemcategorie_names
from reporting.models import Rapportage, RapportageCel
from reporting.periods import periode_parse

SEP = "|"
#: the reports whose cells are one per record and column (`RecordCellen`), compared in SQL
RECORD_SOORTEN = (Rapportage.Soort.CBS_PROTOCOL, Rapportage.Soort.CBS_AANLEVERING)
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
#: the changed cells of a CBS export listed one by one in `wijzigingen` (the first, in key order); beyond them only counts
WIJZIGINGEN_MAX = 1000
#: verantwoording sections whose cells are not compared between published versions. Section 6 (monitoring) describes the
#: registration system at the moment the report is made: its data-quality findings are "as now", its usage counts read
#: the audit log (which the request of the new version itself extends), and its list of published reports grows with every
#: publication. So those cells differ in every new version without any registration of the period having changed; the
#: comparison is about the period's figures and the corrections behind them (DOMAIN.md section 7, "Published figures").
NIET_VERGELEKEN_SECTIES = frozenset({"monitoring"})


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
    return _verberger()(value)


def _verberger():
    """`_verborgen` for many values: the keyed hash set up once."""
    from django.conf import settings

    sleutel = settings.PSEUDONYM_SECRET.encode()

    # A delivery repeats its codes and dates (a few thousand values), hardly its postcodes: an LRU of 16,384 keeps the
    # repeated ones (about 4 MB); one of 65,536 filled up with postcodes at a national size (about 16 MB)
    @functools.lru_cache(maxsize=1 << 14)
    def verborgen(value: str) -> str:
        return "#" + hmac.digest(sleutel, ("cel:" + value).encode(), "sha256").hex()[:16]

    return verborgen


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_COPY_UNESCAPES = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}


class RecordCellen:
    """The cells of a CBS export: one key per record and column, "<pseudoniem>|<datum_aanvang>|<kolom>"; never a BSN,
    so the statutory delivery is keyed by the pseudonym too. Built one record at a time (`add`) as the export streams its
    records, in the order of their keys (as `reporting.exports.cbs.records` gives them): two records with the same key
    (the same jeugdige starting twice on one day) follow each other and are numbered ("...|20200203#2|kolom").
    `verbergen`: keep a keyed hash of each value instead of the value (the statutory delivery).

    The cells are not kept in memory: a national export has millions. They go to an unlinked temporary file in COPY's
    text format, which `store` copies into their table (`RapportageCel`, a row per cell); `changes` compares two CBS
    exports' cells in SQL there. `cellen` reads them back as a dict (small exports, tests)."""

    def __init__(self, header, *, verbergen: bool = False, directory=None):
        self._verborgen = _verberger() if verbergen else None
        self._indices = [i for i, kolom in enumerate(header) if kolom not in SLEUTEL_KOLOMMEN]
        self._kolommen = [f"{SEP}{header[i]}\t" for i in self._indices]  # what follows the record in its cells' lines
        self._bestand = tempfile.TemporaryFile(dir=directory)
        self._vorige, self._keer = None, 0

    def add(self, sleutel: str, row) -> None:
        self._keer = self._keer + 1 if sleutel == self._vorige else 1
        self._vorige = sleutel
        record = sleutel if self._keer == 1 else f"{sleutel}#{self._keer}"
        values = ["" if row[i] is None else str(row[i]) for i in self._indices]
        if self._verborgen:
            values = [self._verborgen(text) for text in values]
        regels = "".join([f"{record}{kolom}{text}\n" for kolom, text in zip(self._kolommen, values, strict=True)])
        if regels.count("\t") != len(values) or regels.count("\n") != len(values) or "\\" in regels or "\r" in regels:
            # A value with a tab, line end or backslash (a key is a pseudonym, a date and a column name: never)
            regels = "".join([f"{record}{kolom}{text.translate(_COPY_ESCAPES)}\n" for kolom, text in zip(self._kolommen, values, strict=True)])
        self._bestand.write(regels.encode())

    def _blokken(self):
        self._bestand.flush()
        self._bestand.seek(0)
        while blok := self._bestand.read(1 << 20):
            yield blok
        self._bestand.seek(0, io.SEEK_END)

    @property
    def cellen(self) -> dict[str, str]:
        # Lines end in "\n" only (COPY escapes it in a value); `splitlines` would also split on \x0b, \x1c, \u2028 ...
        tekst = b"".join(self._blokken()).decode()
        unescape = functools.partial(re.compile(r"\\(.)").sub, lambda m: _COPY_UNESCAPES[m.group(1)])
        return dict((unescape(key), unescape(value)) for key, value in (line.split("\t") for line in tekst.split("\n") if line))

    def store(self, pk) -> None:
        """The cells into their table (`reporting.models.RapportageCel`), one row each, and `{}` into the report's
        `cellen` ("kept, in their table"), on the primary, in the caller's transaction (not over a published report, like
        every write of the generation). A row per cell, not one jsonb: a national export's cells would pass the size
        one jsonb value can have."""
        tabel = connection.ops.quote_name(Rapportage._meta.db_table)
        cel = connection.ops.quote_name(RapportageCel._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {tabel} SET cellen = '{{}}'::jsonb WHERE id = %s AND NOT definitief", [pk])
            if not cursor.rowcount:
                return
            cursor.execute(f"DELETE FROM {cel} WHERE rapportage_id = %s", [pk])  # a report made again
            cursor.execute("CREATE TEMPORARY TABLE rapportage_cellen_kopie (sleutel text NOT NULL, waarde text NOT NULL) ON COMMIT DROP")
            with cursor.copy("COPY rapportage_cellen_kopie (sleutel, waarde) FROM STDIN") as copy:
                for blok in self._blokken():
                    copy.write(blok)
            cursor.execute(f"INSERT INTO {cel} (rapportage_id, sleutel, waarde) SELECT %s, sleutel, waarde FROM rapportage_cellen_kopie", [pk])
            cursor.execute("DROP TABLE rapportage_cellen_kopie")

    def close(self) -> None:
        self._bestand.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def opgeslagen_cellen(pk) -> dict[str, str]:
    """The stored cells of a CBS export (`RecordCellen.store`) as a dict: for small exports and tests only."""
    return dict(RapportageCel.objects.filter(rapportage_id=pk).values_list("sleutel", "waarde"))


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
            .exclude(pk=rapportage.pk).order_by("-versie").defer("cellen").first())  # read only where compared: they can be large


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


def compared(soort: str, cellen: dict) -> dict:
    """The cells of a report that are compared between versions: all, except a verantwoording's sections in
    NIET_VERGELEKEN_SECTIES (they change with every version by what they are, not by a correction)."""
    if soort != Rapportage.Soort.VERANTWOORDING:
        return cellen
    return {k: v for k, v in cellen.items() if k.partition(SEP)[0] not in NIET_VERGELEKEN_SECTIES}


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
    telling = None
    if rapportage.soort in RECORD_SOORTEN:
        verschillen = _record_verschillen(rapportage, vorige)
        if verschillen is not None:
            verschillen, aantal, per_kolom = verschillen
            if aantal > len(verschillen):  # a large change: the first cells one by one, all of them counted
                telling = {"cellenAantal": aantal, "cellenPerKolom": per_kolom}
    elif cellen is None or vorige.cellen is None:
        verschillen = None
    else:
        nu, toen = compared(rapportage.soort, cellen), compared(rapportage.soort, vorige.cellen)
        verschillen = ((sleutel, toen.get(sleutel), nu.get(sleutel))
                       for sleutel in sorted(set(nu) | set(toen), key=_order if rapportage.soort == Rapportage.Soort.INDICATOREN else str))
    if verschillen is None:
        result["cellen"] = None  # a version made before cells were kept: it cannot be compared cell by cell
        return result
    indicator = rapportage.soort == Rapportage.Soort.INDICATOREN
    namen = probleemcategorie_names() if indicator else {}
    gewijzigd = []
    for sleutel, oud, nieuw in verschillen:
        if oud == nieuw:
            continue
        if rapportage.soort == Rapportage.Soort.VERANTWOORDING:
            velden, wat = _verantwoording_cel(sleutel)
        else:
            velden, wat = _indicator_cel(sleutel, namen) if indicator else _record_cel(sleutel)
        gewijzigd.append({"sleutel": sleutel, **velden, "oud": oud, "nieuw": nieuw,
                          "zin": f"{wat}: was {_tekst(oud)}, is nu {_tekst(nieuw)}. {reden}"})
    result["cellen"] = gewijzigd
    if telling:
        result.update(telling)
    return result


def _record_verschillen(rapportage: Rapportage, vorige: Rapportage):
    """The cells that differ between two CBS exports, compared in SQL on their stored cells (`RecordCellen.store`: the
    report's own are stored before it is compared), so neither is read into memory: (the first WIJZIGINGEN_MAX as (key,
    old, new) in the order of their keys (as `sorted`), how many differ in all, how many per column); None when either was
    made before cells were kept."""
    tabel = connection.ops.quote_name(Rapportage._meta.db_table)
    cel = connection.ops.quote_name(RapportageCel._meta.db_table)
    verschil = (f"FROM (SELECT sleutel, waarde FROM {cel} WHERE rapportage_id = %s) n"
                f" FULL JOIN (SELECT sleutel, waarde FROM {cel} WHERE rapportage_id = %s) o ON o.sleutel = n.sleutel"
                " WHERE o.waarde IS DISTINCT FROM n.waarde")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FILTER (WHERE cellen IS NOT NULL) FROM {tabel} WHERE id IN (%s, %s)", [rapportage.pk, vorige.pk])
        if cursor.fetchone()[0] < 2:
            return None
        cursor.execute(f"SELECT substring(coalesce(n.sleutel, o.sleutel) from '[^|]*$') AS kolom, count(*) {verschil}"
                       " GROUP BY kolom ORDER BY kolom", [rapportage.pk, vorige.pk])
        per_kolom = dict(cursor.fetchall())
        if not per_kolom:
            return [], 0, {}
        cursor.execute(f"SELECT coalesce(n.sleutel, o.sleutel) AS sleutel, o.waarde, n.waarde {verschil} ORDER BY sleutel LIMIT %s",
                       [rapportage.pk, vorige.pk, WIJZIGINGEN_MAX])
        return cursor.fetchall(), sum(per_kolom.values()), per_kolom


def _order(sleutel: str):
    """Indicator cells in report order: by code, the total first."""
    code, _, rest = sleutel.partition(SEP)
    return (code, rest != "", rest)
