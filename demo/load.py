"""`generate_load`: years of registrations for the demo organisation at national scale, written with COPY.

The demo's planner (`demo.world.RegistrationSeeder`: scenarios, help phases, contact forms, closures) decides each
dossier's life; this module plays that plan through a small model of what the services would store (status rows,
automatic activation at the first hulpcontact, closure fields, a closure request kept on the closing row) and
derives the hulpperiodes with the project's own pure `cases.hulpperiodes.derive` (and `from_date` for a child added
later), so the stored rows are what `cases.hulpperiodes.rebuild` would store. No service runs and no audit row is
written: this is load, not history.

`seed_demo` writes the demo's history with it too (`LoadSpec` flags: no 500-contact family, the Leidse density of help,
and the closure requests still open left to the service), then plays a working day through the services.

Reproducible: each dossier draws from its own `random.Random(f"{seed}:{index}")`, so the same seed and size give
the same rows whatever the number of worker processes or the chunk size. `index` counts on from the dossiers that
already exist, so a second load (or a load into the demo database) adds new keys instead of clashing.

Fast: chunks of dossiers are generated in a pool of worker processes; each worker writes its chunk over its own
connection with `COPY ... FROM STDIN` (all tables in foreign-key order, one transaction per chunk), so generation in
one process overlaps with PostgreSQL ingesting another's chunk, and memory stays flat. A load that is interrupted
keeps the chunks it committed. At the end the tables are ANALYZEd (as the owner role).
"""

from __future__ import annotations

import multiprocessing
import random
import time
from bisect import bisect
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from itertools import accumulate

from cases.choices import (
    Hulpsoort,
    Inzet,
    Leeftijdsklasse,
    SoortDoorverwijzing,
    Status,
    VerwijzingStatus,
    Vorm,
    is_hulpcontact,
)
from cases.hulpperiodes import Change, ContactFact, derive, from_date
from cases.models import naam_zoekvorm, volledige_naam
from cases.validation import add_months, bsn_is_valid
from demo import world

# Tables in foreign-key order, each with the columns the load writes (every other column has a database default
# or may be NULL; `check_columns` refuses to start when a migration added one that has neither).
TABLES: dict[str, tuple[str, ...]] = {
    "cases_jeugdige": ("id", "bsn", "voornamen", "tussenvoegsel", "achternaam", "zoeknaam", "geboortedatum",
                       "geboortedatum_precisie", "verwachte_geboortedatum", "geslacht", "team_id", "aangemaakt_op",
                       "aangemaakt_door_id", "geanonimiseerd_op"),
    "cases_adres": ("jeugdige_id", "postcode", "gemeente_id", "geldig_vanaf", "geregistreerd_door_id", "geregistreerd_op"),
    "cases_dossier": ("id", "team_id", "aanmelddatum", "aanmelder", "hulpsoort", "gestart_met_crisis", "verwijzer",
                      "regiehouder_id", "status", "status_sinds", "evaluatiedatum", "einddatum", "reden_beeindiging",
                      "doelen_bereikt", "tevredenheid", "zonder_hulp_verder", "afsluiting_gevraagd_op",
                      "afsluiting_toelichting", "versie", "aangemaakt_op", "gewijzigd_op", "geanonimiseerd_op"),
    "cases_dossier_jeugdigen": ("dossier_id", "jeugdige_id"),
    "cases_dossier_probleemcategorieen": ("dossier_id", "probleemcategorie_id"),
    "cases_betrokkene": ("id", "dossier_id", "naam", "relatie", "telefoon", "email", "aangemaakt_op"),
    "cases_statuswijziging": ("dossier_id", "van", "naar", "datum", "automatisch", "evaluatiedatum", "reden_beeindiging",
                              "doelen_bereikt", "tevredenheid", "zonder_hulp_verder", "door_id", "moment",
                              "afsluitverzoek_op", "afsluitverzoek_toelichting"),
    "cases_gezinslid": ("dossier_id", "jeugdige_id", "vanaf", "toegevoegd_door_id", "toegevoegd_op"),
    "cases_contact": ("id", "team_id", "dossier_id", "datum", "duur_minuten", "vorm", "inzet", "hulpsoort", "notitie",
                      "gemeente_id", "leeftijdsklasse", "geregistreerd_door_id", "geregistreerd_op", "registratieduur_seconden"),
    "cases_contact_probleemcategorieen": ("contact_id", "probleemcategorie_id"),
    "cases_doorverwijzing": ("dossier_id", "datum", "soort", "status", "status_datum", "reden", "overbrugging",
                             "geregistreerd_door_id", "geregistreerd_op"),
    "cases_hulpperiode": ("dossier_id", "jeugdige_id", "volgnummer", "start", "einde", "hulpsoort", "probleemcategorieen",
                          "einde_door", "reden_beeindiging", "doelen_bereikt", "tevredenheid", "zonder_hulp_verder",
                          "aantal_contacten", "contactminuten", "actief_sinds", "dossier_categorieen", "gecorrigeerd_op"),
}

BIG_TEAM = "noord"  # `--groot-team`: the demo professional's team (JGT Leiden Noord) takes that many dossiers
LONG_DOSSIER_CONTACTS = 500  # the first dossier of every load: one family with years of help (the dossier page's worst case)
CHUNK = 1000

# Of the scenarios of `world.SCENARIOS`, those that leave a dossier open today: over `jaren` years of intake, the
# dossiers of earlier years are closed by now, so these are 1/jaren of their share in a year (`_scenarios`).
OPEN_SCENARIOS = {"actief", "waakvlam", "waakvlam_verlopen", "aangemeld_recent", "aangemeld_preventief", "heropend", "gereactiveerd"}
GEZINSLID_KANS = 0.1  # of the families with two or more children: the youngest added to the dossier later
VERHUIS_KANS = 0.06  # a family that moves during its dossier (a third of them to another gemeente of the region)
INZET_PREVENTIEF = {Inzet.ADVIES: 45, Inzet.TOEGANG: 35, Inzet.HULP: 15, Inzet.REGIE: 5}
INZET_HULP = {Inzet.HULP: 88, Inzet.REGIE: 6, Inzet.ADVIES: 3, Inzet.TOEGANG: 3}
INZET_LOS = {Inzet.ADVIES: 50, Inzet.TOEGANG: 30, Inzet.HULP: 15, Inzet.REGIE: 5}
# Days between the contacts of a help phase in a load: denser than the demo's (`world.CONTACT_GAP`), the more so the
# heavier (and longer) the help, so that a load has the reference's ~10.3 contacts per dossier (10.3 M at 1 M dossiers,
# those without dossier included) where the demo's Leidse practice has ~7.3.
DICHTE_CONTACT_GAP = {Hulpsoort.PREVENTIEF: (7, 30), Hulpsoort.LICHT: (7, 23), Hulpsoort.MIDDELZWAAR: (6, 18), Hulpsoort.ZWAAR: (4, 12)}
TOELICHTINGEN = ("Doelen bereikt, gezin redt zich weer.", "Geen contact meer mogelijk met het gezin.", "")


@dataclass(frozen=True)
class Staff:
    pk: int
    username: str


@dataclass(frozen=True)
class TeamOrg:
    pk: int
    spec: world.TeamSpec
    professionals: tuple[Staff, ...]
    teamleider: Staff


@dataclass(frozen=True)
class LoadSpec:
    """Everything a worker needs (picklable): the organisation's keys and the load's parameters."""

    seed: int
    dossiers: int
    tot: date
    jaren: int
    base: int  # dossiers that existed before: this load's indexes start here
    groot_team: int
    teams: tuple[TeamOrg, ...]
    taken_bsns: frozenset
    chunk: int = CHUNK
    # `seed_demo`'s history: no family with years of help (a load's worst case, not a demo's), and the closure requests
    # still open at the end are left to the service (`Rows.afsluitverzoeken`), so that they are asked today, audited
    lang_dossier: bool = True
    afsluitverzoeken: bool = True
    # help phases at the density of the reference load (`DICHTE_CONTACT_GAP`); the demo keeps the Leidse one
    dichte_hulp: bool = True

    @property
    def start(self) -> date:
        return add_months(self.tot, -12 * self.jaren) + timedelta(days=1)


NULL = "\\N"

# --- COPY text format ----------------------------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
        return value
    if isinstance(value, (list, tuple)):  # text[] of codes (no quoting needed: slugs)
        return "{" + ",".join(value) + "}"
    return str(value)  # int, date, datetime (isoformat with +00:00), UUID


def _moment(d: date, minutes: int) -> str:
    """A registration moment on `d` (COPY text of a timestamptz): from 07:00 UTC plus `minutes` (under 17 hours)."""
    return f"{d.isoformat()} {7 + minutes // 60:02d}:{minutes % 60:02d}:00+00"


class Rows:
    """The rows of one chunk, per table, as lines of COPY text."""

    def __init__(self):
        self.lines: dict[str, list[str]] = {table: [] for table in TABLES}
        self.afsluitverzoeken: list[str] = []  # dossiers whose closure request is left to the service (`LoadSpec`)

    def add(self, table: str, *values) -> None:
        self.lines[table].append("\t".join(map(_text, values)))

    def line(self, table: str, line: str) -> None:
        """A row already in COPY text (the hot tables: contacts and their categories)."""
        self.lines[table].append(line)

    def counts(self) -> Counter:
        return Counter({table: len(lines) for table, lines in self.lines.items()})

    def copy_into(self, cursor) -> None:
        for table, columns in TABLES.items():
            lines = self.lines[table]
            if not lines:
                continue
            with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                copy.write("\n".join(lines) + "\n")


# --- the planner ---------------------------------------------------------------------------------------------


class Weighted:
    """A weighted choice with its cumulative weights computed once (`random.choices` recomputes them at every call)."""

    def __init__(self, weights: dict):
        self.keys = list(weights)
        self.cum = list(accumulate(weights.values()))
        self.total = self.cum[-1]

    def pick(self, rng: random.Random):
        return self.keys[bisect(self.cum, rng.random() * self.total)]


_VORM_DOSSIER = Weighted({v: w[0] for v, w in world.VORMEN.items()})
_VORM_LOS = Weighted({v: w[1] for v, w in world.VORMEN.items()})
_AGE_LOS = Weighted({**world.AGE_CLASS_WEIGHTS, Leeftijdsklasse.ONBEKEND: 8})
_LOS_HULPSOORT = Weighted({Hulpsoort.PREVENTIEF: 66, Hulpsoort.LICHT: 34})
_N_CAT_LOS = Weighted({0: 10, 1: 70, 2: 20})
_UITKOMST = Weighted(world.VERWIJZING_UITKOMST_WEIGHTS)


class Planner(world.RegistrationSeeder):
    """The demo's planner over `jaren` years, without a database: keys instead of model instances, no BSN draws.

    The methods called for every contact are redone here with the same distributions and precomputed weights: they
    are most of the generation's time."""

    def __init__(self, spec: LoadSpec, rng: random.Random):  # not super().__init__: that one reads the database
        self.today = spec.tot
        self.start = spec.start
        self.schaal = 1.0
        self.rng = self.namen = rng
        self.progress = None
        self.bsns = set()
        self.spec = spec
        self.oldest = _oldest(spec.tot)
        if spec.dichte_hulp:
            self.contact_gap = DICHTE_CONTACT_GAP

    def bsn(self) -> str:
        return "?"  # placeholder; `_bsn` gives every child of the load its own number

    def birth_date(self, age: int, on: date) -> date:
        born = on - timedelta(days=round(age * 365.25) + self.rng.randint(0, 364))
        return min(max(born, self.oldest), on)

    def registratieduur(self) -> int | None:
        r = self.rng
        return round(r.triangular(20, 120, 45)) if r.random() < 0.6 else None

    def contact_kw(self, plan, hulpsoort: str, *, preventief_intake: bool = False) -> dict:
        r = self.rng
        vorm = _VORM_DOSSIER.pick(r)
        if preventief_intake and vorm == Vorm.EMAIL:
            vorm = Vorm.TELEFONISCH
        low, high = world.VORMEN[vorm][2:]
        categories = [c for c in plan.categories if r.random() < 0.8] or plan.categories[:1]
        if r.random() < 0.05:
            categories.append(self.categories(Leeftijdsklasse.ONBEKEND, 1)[0])
        notitie = ""
        if r.random() < 0.45:
            notitie = r.choice(world.NOTITIES[vorm])
            if r.random() < 0.3 and categories[0] in world.CATEGORY_NOTITIES:
                notitie = f"{notitie} {world.CATEGORY_NOTITIES[categories[0]]}"
        user = plan.regiehouder if r.random() < 0.85 else r.choice(plan.colleagues)
        return {"user": user, "hulpsoort": hulpsoort, "vorm": vorm, "duur_minuten": 5 * r.randint(low // 5, high // 5),
                "probleemcategorieen": list(dict.fromkeys(categories)), "notitie": notitie,
                "registratieduur_seconden": self.registratieduur()}

    def loose_contacts(self, spec, members: dict, n: int) -> list[tuple[date, dict]]:
        r = self.rng
        everyone = members["professionals"] + [members["teamleider"]]
        result = []
        for _ in range(n):
            age_class = _AGE_LOS.pick(r)
            vorm = _VORM_LOS.pick(r)
            gemeente_code = r.choices(spec.gemeenten, weights=spec.gemeente_gewicht)[0] if len(spec.gemeenten) > 1 else spec.gemeenten[0]
            n_cat = _N_CAT_LOS.pick(r)
            result.append((
                self.workday(self.rand_date(self.start, self.today)),
                {"user": r.choice(everyone), "hulpsoort": _LOS_HULPSOORT.pick(r), "vorm": vorm,
                 "duur_minuten": 5 * r.randint(1, 12) if vorm != Vorm.EMAIL else 5 * r.randint(1, 3),
                 "probleemcategorieen": self.categories(age_class, n_cat) if n_cat else [],
                 "gemeente": gemeente_code, "leeftijdsklasse": age_class, "registratieduur_seconden": self.registratieduur()},
            ))
        return result


@cache
def _oldest(today: date) -> date:
    """The earliest birth date of a jeugdige under 23 today (as `world.RegistrationSeeder.birth_date` keeps it)."""
    return add_months(today, -23 * 12) + timedelta(days=1)


def _bsn(spec: LoadSpec, index: int, child: int) -> str | None:
    """A valid, unique BSN for child `child` (0-3) of dossier `index`: the number's body is taken from its own range of
    eleven, so two children never meet; numbers already in the database are passed over."""
    g = index * 4 + child
    for j in range(11):
        body = 10_000_000 + g * 11 + j
        digits = [int(c) for c in f"{body:08d}"]
        check = sum(d * (9 - i) for i, d in enumerate(digits)) % 11
        if check == 10:
            continue
        value = f"{body:08d}{check}"
        if bsn_is_valid(value) and value not in spec.taken_bsns:
            return value
    return None


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


_UUID_CLEAR = ~((0xF000 << 64) | (0xC000 << 48))
_UUID_SET = (0x4000 << 64) | (0x8000 << 48)


def _uuid(rng: random.Random) -> str:
    """A version-4 UUID from `rng`, as the 32 hex digits PostgreSQL reads (what `uuid.uuid4` gives, reproducibly)."""
    return f"{rng.getrandbits(128) & _UUID_CLEAR | _UUID_SET:032x}"


@cache
def _scenarios(jaren: int) -> Weighted:
    """The scenario mix over `jaren` years of intake: the open scenarios are one year's share of all dossiers (the intake
    of earlier years is closed by now), the closed ones the rest, so every year takes in about the same number."""
    open_share = sum(p for s, p in world.SCENARIOS.items() if s in OPEN_SCENARIOS) / 100
    closed = (1 - open_share / jaren) / (1 - open_share)
    return Weighted({s: p / jaren if s in OPEN_SCENARIOS else p * closed for s, p in world.SCENARIOS.items()})


@cache
def _teams(teams: tuple[TeamOrg, ...]) -> Weighted:
    return Weighted({t: float(t.spec.fte) for t in teams})


def _team_for(spec: LoadSpec, index: int, rng: random.Random) -> TeamOrg:
    if index - spec.base < spec.groot_team:
        return next(t for t in spec.teams if t.spec.slug == BIG_TEAM)
    return _teams(spec.teams).pick(rng)


def _members(team: TeamOrg) -> dict:
    return {"professionals": list(team.professionals), "teamleider": team.teamleider,
            "gemeenten": {code: code for code, _ in world.GEMEENTEN}}


def _long_plan(planner: Planner, team: TeamOrg, members: dict) -> world.Plan:
    """One family with help through the whole window: LONG_DOSSIER_CONTACTS contacts, still actief."""
    plan = planner.new_plan(team.spec, team, members, "actief")
    plan.hulpsoort = Hulpsoort.MIDDELZWAAR
    plan.open_kwargs["hulpsoort"] = Hulpsoort.MIDDELZWAAR
    span = (planner.today - planner.start).days
    plan.dated.append((planner.start, world.Event(0, "open")))
    for n in range(LONG_DOSSIER_CONTACTS):
        d = planner.start + timedelta(days=1 + n * (span - 1) // LONG_DOSSIER_CONTACTS)
        plan.dated.append((d, world.Event(0, "contact", planner.contact_kw(plan, Hulpsoort.MIDDELZWAAR))))
    return plan


def dossier_rows(spec: LoadSpec, index: int, rows: Rows) -> None:
    """Plan dossier `index`, play it as the services would, and add its rows (and its share of loose contacts)."""
    rng = random.Random(f"{spec.seed}:{index}")
    planner = Planner(spec, rng)
    team = _team_for(spec, index, rng)
    members = _members(team)
    if index == spec.base and spec.dossiers >= 10 and spec.lang_dossier:
        plan = _long_plan(planner, team, members)
    else:
        plan = planner.new_plan(team.spec, team, members, _scenarios(spec.jaren).pick(rng))
        planner.place(plan)
    dossier_id = _uuid(rng)
    regiehouder, teamleider = plan.regiehouder.pk, plan.teamleider.pk
    aanmelddatum = plan.dated[0][0]
    categories = sorted(set(plan.categories))

    # children: birth, precision, names; the youngest of a family may be added later (`Gezinslid`)
    tussenvoegsel, achternaam = rng.choice(world.DEMO_ACHTERNAMEN)
    kids = []
    contact_dates = [d for d, e in plan.dated if e.kind == "contact"]
    later_at = None
    if len(plan.kinderen) > 1 and len(contact_dates) > 2 and rng.random() < GEZINSLID_KANS:
        later_at = contact_dates[rng.randint(1, len(contact_dates) - 1)]
    for n, kind in enumerate(plan.kinderen):
        added = later_at if later_at is not None and n == len(plan.kinderen) - 1 else None
        born = planner.birth_date(kind["age"], added or aanmelddatum)
        roll = rng.random()
        precisie = "jaar" if roll < 0.01 else ("maand" if roll < 0.035 else "dag")
        if precisie == "jaar":
            born = date(born.year, 1, 1)
        elif precisie == "maand":
            born = born.replace(day=1)
        voornamen = rng.choice(world.DEMO_VOORNAMEN)
        kids.append({
            "id": _uuid(rng), "bsn": _bsn(spec, index, n) if kind["bsn"] else None, "voornamen": voornamen,
            "geboortedatum": born, "precisie": precisie, "geslacht": kind["geslacht"], "gemeente": kind["gemeente"],
            "postcode": kind["postcode"], "vanaf": added,
        })
    move = None
    if rng.random() < VERHUIS_KANS and plan.dated[-1][0] > aanmelddatum:
        verhuisd = aanmelddatum + timedelta(days=rng.randint(1, (plan.dated[-1][0] - aanmelddatum).days))
        gemeente = kids[0]["gemeente"]
        if rng.random() < 1 / 3:
            gemeente = rng.choice([code for code, _ in world.GEMEENTEN if code != gemeente])
        wijk = rng.choice([code for code, g, _, _ in world.WIJKEN if g == gemeente])
        move = (verhuisd, gemeente, planner.postcode(wijk))

    for kid in kids:
        registered = kid["vanaf"] or aanmelddatum
        naam = volledige_naam(kid["voornamen"], tussenvoegsel, achternaam)
        rows.add("cases_jeugdige", kid["id"], kid["bsn"], kid["voornamen"], tussenvoegsel, achternaam, naam_zoekvorm(naam),
                 kid["geboortedatum"], kid["precisie"], None, kid["geslacht"], team.pk, _moment(registered, 0), regiehouder, None)
        rows.add("cases_adres", kid["id"], kid["postcode"], kid["gemeente"], None, regiehouder, _moment(registered, 0))
        if move is not None and max(move[0], registered + timedelta(days=1)) <= spec.tot:
            rows.add("cases_adres", kid["id"], move[2], move[1], max(move[0], registered + timedelta(days=1)), regiehouder,
                     _moment(max(move[0], registered + timedelta(days=1)), 30))

    # play the events: status history, contacts, referrals, closure request
    status, status_sinds, versie = Status.AANGEMELD, aanmelddatum, 1
    history: list[tuple] = [("", Status.AANGEMELD, aanmelddatum, False, None, "", "", None, "", regiehouder, None, "")]
    dossier_fields = {"evaluatiedatum": None, "einddatum": None, "reden_beeindiging": "", "doelen_bereikt": "",
                      "tevredenheid": None, "zonder_hulp_verder": ""}
    gevraagd: tuple | None = None  # (moment, toelichting) of an open closure request
    contacts: list[ContactFact] = []
    help_in_stretch = False
    n_contacts = 0

    def change(naar: str, d: date, door: int, *, automatisch=False, evaluatiedatum=None, **outcome):
        nonlocal status, status_sinds, gevraagd, help_in_stretch
        verzoek = gevraagd if naar == Status.AFGESLOTEN else None
        history.append((status, naar, d, automatisch, evaluatiedatum, outcome.get("reden_beeindiging", ""),
                        outcome.get("doelen_bereikt", ""), outcome.get("tevredenheid"), outcome.get("zonder_hulp_verder", ""),
                        door, *(verzoek or (None, ""))))
        status, status_sinds = naar, d
        dossier_fields.update(evaluatiedatum=evaluatiedatum, einddatum=d if naar == Status.AFGESLOTEN else None,
                              reden_beeindiging=outcome.get("reden_beeindiging", "") if naar == Status.AFGESLOTEN else "",
                              doelen_bereikt=outcome.get("doelen_bereikt", "") if naar == Status.AFGESLOTEN else "",
                              tevredenheid=outcome.get("tevredenheid") if naar == Status.AFGESLOTEN else None,
                              zonder_hulp_verder=outcome.get("zonder_hulp_verder", "") if naar == Status.AFGESLOTEN else "")
        if naar in (Status.AFGESLOTEN, Status.ACTIEF):
            gevraagd = None
        if naar != Status.ACTIEF:
            help_in_stretch = False

    for d, event in plan.dated[1:]:
        kw = event.kw
        if event.kind == "contact":
            hulpsoort = kw["hulpsoort"]
            if hulpsoort == Hulpsoort.PREVENTIEF:
                inzet = _pick(rng, INZET_PREVENTIEF)
            elif not help_in_stretch:
                inzet = Inzet.HULP  # the help phase starts with help: it activates the dossier
            else:
                inzet = Inzet.REGIE if kw["vorm"] == Vorm.OVERLEG and rng.random() < 0.3 else _pick(rng, INZET_HULP)
            if is_hulpcontact(inzet, hulpsoort):
                if status == Status.AANGEMELD:
                    change(Status.ACTIEF, d, kw["user"].pk, automatisch=True)
                help_in_stretch = True
            contact_id = _uuid(rng)
            duur = kw["registratieduur_seconden"]
            rows.line("cases_contact", f"{contact_id}\t{team.pk}\t{dossier_id}\t{d.isoformat()}\t{kw['duur_minuten']}\t{kw['vorm']}\t"
                      f"{inzet}\t{hulpsoort}\t{kw['notitie']}\t{NULL}\t\t{kw['user'].pk}\t{_moment(d, rng.randint(0, 600))}\t"
                      f"{NULL if duur is None else duur}")
            for code in kw["probleemcategorieen"]:
                rows.line("cases_contact_probleemcategorieen", f"{contact_id}\t{code}")
            contacts.append(ContactFact(datum=d, hulpsoort=hulpsoort, duur_minuten=kw["duur_minuten"], inzet=inzet,
                                        categorieen=frozenset(kw["probleemcategorieen"])))
            n_contacts += 1
        elif event.kind == "activate":
            if status != Status.ACTIEF:
                change(Status.ACTIEF, d, regiehouder)
        elif event.kind == "reopen":
            change(Status.ACTIEF, d, teamleider)
        elif event.kind == "waakvlam":
            if status == Status.AANGEMELD:  # no hulpcontact in the help phase after all: nothing to end
                continue
            change(Status.WAAKVLAM, d, regiehouder, evaluatiedatum=kw["evaluatiedatum"], **planner.closing_kw())
        elif event.kind == "close":
            change(Status.AFGESLOTEN, d, teamleider, **kw)
        elif event.kind == "doorverwijzing":
            # the outcome as the team keeps it (`world.VERWIJZING_UITKOMST_WEIGHTS`): help elsewhere starts after a wait that
            # depends on the kind; a referral whose outcome lies after `tot` is still waiting (verwezen), as are a few old ones
            uitkomst = _UITKOMST.pick(rng)
            low, high = world.VERWIJZING_WACHT[kw["soort"]]
            status_datum = d + timedelta(days=rng.randint(low, high))
            if uitkomst == VerwijzingStatus.VERWEZEN or status_datum > spec.tot:
                uitkomst, status_datum = VerwijzingStatus.VERWEZEN, None
            reden = rng.choice(world.VERWIJZING_REDENEN[uitkomst]) if uitkomst in world.VERWIJZING_REDENEN else ""
            rows.add("cases_doorverwijzing", dossier_id, d, kw["soort"], uitkomst, status_datum, reden,
                     rng.random() < 1 / world.OVERBRUGGING_ELKE, regiehouder, _moment(d, rng.randint(0, 600)))
        elif event.kind == "request_closure":
            if status != Status.AFGESLOTEN:
                gevraagd = (_moment(d, 540), rng.choice(TOELICHTINGEN))
        else:  # pragma: no cover
            raise ValueError(event.kind)
        versie += 1
    if rng.random() < 0.002 * spec.jaren and status != Status.AFGESLOTEN:
        # now and then a referral of each kind to a rare provider, so every kind occurs at small sizes too
        rows.add("cases_doorverwijzing", dossier_id, status_sinds, rng.choice(SoortDoorverwijzing.values), VerwijzingStatus.VERWEZEN,
                 None, "", False, regiehouder, _moment(status_sinds, 500))

    if gevraagd is not None and not spec.afsluitverzoeken:
        rows.afsluitverzoeken.append(dossier_id)
        gevraagd = None
    last = plan.dated[-1][0]
    rows.add("cases_dossier", dossier_id, team.pk, aanmelddatum, plan.open_kwargs["aanmelder"], plan.hulpsoort,
             plan.open_kwargs["gestart_met_crisis"], plan.open_kwargs["verwijzer"], regiehouder, status, status_sinds,
             dossier_fields["evaluatiedatum"], dossier_fields["einddatum"], dossier_fields["reden_beeindiging"],
             dossier_fields["doelen_bereikt"], dossier_fields["tevredenheid"], dossier_fields["zonder_hulp_verder"],
             gevraagd[0] if gevraagd else None, gevraagd[1] if gevraagd else "", versie, _moment(aanmelddatum, 0),
             _moment(last, 600), None)
    for kid in kids:
        rows.add("cases_dossier_jeugdigen", dossier_id, kid["id"])
    for code in categories:
        rows.add("cases_dossier_probleemcategorieen", dossier_id, code)
    if rng.random() < world.DEMO_BETROKKENEN_KANS:
        ouder = rng.choice(world.DEMO_OUDERNAMEN)
        rows.add("cases_betrokkene", _uuid(rng), dossier_id, f"{ouder} {tussenvoegsel} {achternaam}".replace("  ", " "),
                 rng.choice(("ouder", "ouder", "ouder", "voogd", "pleegouder")), f"06 {rng.randint(10000000, 99999999)}",
                 f"{ouder.lower()}@example.org", _moment(aanmelddatum, 5))
    for row in history:
        van, naar, d, automatisch, evaluatiedatum, reden, doelen, tevredenheid, verder, door, verzoek_op, toelichting = row
        rows.add("cases_statuswijziging", dossier_id, van, naar, d, automatisch, evaluatiedatum, reden, doelen, tevredenheid,
                 verder, door, _moment(d, 600), verzoek_op, toelichting)
    for kid in kids:
        if kid["vanaf"] is not None:
            rows.add("cases_gezinslid", dossier_id, kid["id"], kid["vanaf"], regiehouder, _moment(kid["vanaf"], 1))

    # hulpperiodes, derived as `cases.hulpperiodes.rebuild` derives them
    changes = [Change(naar=h[1], datum=h[2], reden_beeindiging=h[5], doelen_bereikt=h[6], tevredenheid=h[7],
                      zonder_hulp_verder=h[8]) for h in history]
    derived = derive(changes, contacts, plan.hulpsoort, categories)
    for kid in kids:
        for volgnummer, p in enumerate(from_date(derived, kid["vanaf"], contacts, categories), start=1):
            rows.add("cases_hulpperiode", dossier_id, kid["id"], volgnummer, p.start, p.einde, p.hulpsoort, p.categorieen,
                     p.einde_door, p.reden_beeindiging, p.doelen_bereikt, p.tevredenheid, p.zonder_hulp_verder,
                     p.aantal_contacten, p.contactminuten, p.actief_sinds, categories, None)

    # contacts without dossier: the team's share beside this dossier's contacts (world.LOOSE_CONTACT_RATIO)
    expected = n_contacts * world.LOOSE_CONTACT_RATIO
    n_loose = int(expected) + (rng.random() < expected - int(expected))
    for d, kw in planner.loose_contacts(team.spec, members, n_loose):
        contact_id = _uuid(rng)
        duur = kw["registratieduur_seconden"]
        rows.line("cases_contact", f"{contact_id}\t{team.pk}\t{NULL}\t{d.isoformat()}\t{kw['duur_minuten']}\t{kw['vorm']}\t"
                  f"{_pick(rng, INZET_LOS)}\t{kw['hulpsoort']}\t\t{kw['gemeente']}\t{kw['leeftijdsklasse']}\t{kw['user'].pk}\t"
                  f"{_moment(d, rng.randint(0, 600))}\t{NULL if duur is None else duur}")
        for code in kw["probleemcategorieen"]:
            rows.line("cases_contact_probleemcategorieen", f"{contact_id}\t{code}")


def chunk_rows(spec: LoadSpec, chunk: int) -> Rows:
    rows = Rows()
    first = spec.base + chunk * spec.chunk
    for index in range(first, min(first + spec.chunk, spec.base + spec.dossiers)):
        dossier_rows(spec, index, rows)
    return rows


def chunk_count(spec: LoadSpec) -> int:
    return -(-spec.dossiers // spec.chunk)


# --- running it ---------------------------------------------------------------------------------------------

_worker_spec: LoadSpec | None = None
_worker_connection = None


def _worker_init(spec: LoadSpec, conninfo: dict) -> None:
    import psycopg

    global _worker_spec, _worker_connection
    _worker_spec = spec
    _worker_connection = psycopg.connect(**conninfo)
    # A crash may lose the last chunks (whole ones): acceptable for load; never the app's setting.
    _worker_connection.execute("SET synchronous_commit = off")
    _worker_connection.commit()


def _worker_chunk(chunk: int) -> tuple[Counter, float, float, list[str]]:
    started = time.perf_counter()
    rows = chunk_rows(_worker_spec, chunk)
    generated = time.perf_counter()
    with _worker_connection.transaction(), _worker_connection.cursor() as cursor:
        rows.copy_into(cursor)
    return rows.counts(), generated - started, time.perf_counter() - generated, rows.afsluitverzoeken


def run_in_process(spec: LoadSpec, cursor, afsluitverzoeken: list[str] | None = None) -> Counter:
    """Generate and COPY every chunk over `cursor` (a psycopg cursor), in the caller's transaction; the dossiers whose
    closure request is left to the service (`LoadSpec.afsluitverzoeken` off) are added to `afsluitverzoeken`."""
    counts = Counter()
    for chunk in range(chunk_count(spec)):
        rows = chunk_rows(spec, chunk)
        rows.copy_into(cursor)
        counts += rows.counts()
        if afsluitverzoeken is not None:
            afsluitverzoeken += rows.afsluitverzoeken
    return counts


def run_in_pool(spec: LoadSpec, conninfo: dict, workers: int, progress=None,
                afsluitverzoeken: list[str] | None = None) -> tuple[Counter, float, float]:
    """Generate and COPY the chunks in `workers` processes, each over its own connection (a transaction per chunk).
    Returns the row counts and the seconds spent generating and copying (summed over the workers); the dossiers whose
    closure request is left to the service are added to `afsluitverzoeken` (see `run_in_process`)."""
    counts, generating, copying = Counter(), 0.0, 0.0
    total = chunk_count(spec)
    context = multiprocessing.get_context("fork")
    with context.Pool(workers, initializer=_worker_init, initargs=(spec, conninfo)) as pool:
        for done, (chunk_counts, gen, cop, verzoeken) in enumerate(pool.imap_unordered(_worker_chunk, range(total)), start=1):
            counts += chunk_counts
            generating += gen
            copying += cop
            if afsluitverzoeken is not None:
                afsluitverzoeken += verzoeken
            if progress and (done == total or done % max(1, total // 10) == 0):
                progress(done, total, counts)
    return counts, generating, copying


def check_columns(cursor) -> list[str]:
    """The NOT NULL columns without a default that the load does not write (a newer migration): it cannot load then."""
    missing = []
    for table, columns in TABLES.items():
        cursor.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s AND is_nullable = 'NO' "
            "AND column_default IS NULL AND is_identity = 'NO' AND column_name <> ALL(%s)", [table, list(columns)])
        missing += [f"{table}.{name}" for (name,) in cursor.fetchall()]
    return missing



def build_spec(*, dossiers: int, seed: int, jaren: int, tot: date, groot_team: int = 0, chunk: int = CHUNK, **flags) -> LoadSpec:
    """The load's parameters and the organisation's keys (it must exist: `world.ensure_organisation`); a team without a
    professional or teamleider is a LookupError with a Dutch message."""
    from django.db import connection

    from jgt_registratie.models import Role, Team

    teams = []
    for team_spec in world.TEAMS:
        team = Team.objects.filter(naam=team_spec.naam).first()
        if team is None:
            raise LookupError(f"Team '{team_spec.naam}' ontbreekt.")
        members = list(team.leden.filter(is_active=True).order_by("username"))
        professionals = tuple(Staff(u.pk, u.username) for u in members if u.role == Role.PROFESSIONAL)
        teamleider = next((Staff(u.pk, u.username) for u in members if u.role == Role.TEAMLEIDER), None)
        if not professionals or teamleider is None:
            raise LookupError(f"Team '{team_spec.naam}' heeft geen professional of teamleider.")
        teams.append(TeamOrg(team.pk, team_spec, professionals, teamleider))
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM cases_dossier")
        (base,) = cursor.fetchone()
        cursor.execute("SELECT bsn FROM cases_jeugdige WHERE bsn IS NOT NULL")
        taken = frozenset(bsn for (bsn,) in cursor.fetchall())
    return LoadSpec(seed=seed, dossiers=dossiers, tot=tot, jaren=jaren, base=base, groot_team=groot_team,
                    teams=tuple(teams), taken_bsns=taken, chunk=chunk, **flags)


def connection_params() -> dict:
    """What psycopg.connect needs to reach Django's database as the application role (from Django's own settings)."""
    from django.db import connection

    connection.ensure_connection()
    params = connection.get_connection_params()
    return {key: value for key, value in params.items() if isinstance(value, (str, int)) and key not in ("cursor_factory",)}


def analyse() -> None:
    """ANALYZE the loaded tables as the owner (the application role may not); inside a transaction (a test): not."""
    from django.db import connection

    from jgt_registratie.db_roles import as_owner

    if connection.in_atomic_block:
        return
    with as_owner(connection), connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"ANALYZE {table}")
