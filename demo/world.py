"""The demo world of `seed_demo`: the Leidse regio of DOMAIN.md section 3, its logins, and years of registrations.

The organisation (gemeenten, wijken, teams, users, team FTE, StatLine figures, beleidskader) is written with the ORM,
create-only by natural key, so a re-run changes nothing.

The registrations come in two parts (issue 13):

- the history: `SEED_JAREN` years up to today (2023, 2024 and 2025 whole in 2026), planned by this module's planner
  (`RegistrationSeeder`: scenarios, help phases, contact forms, closures, referrals and their outcomes) and written
  with COPY by `demo.load`, the fast path of `generate_load`, which stores what the services would
  store (status rows, automatic activation, closure fields; hulpperiodes derived with `cases.hulpperiodes.derive`, so
  they equal what `cases.hulpperiodes.rebuild` stores) without audit rows: seconds instead of minutes;
- a team's working day today, through `cases.services` as the professionals and teamleiders would do it, so it leaves
  real audit rows and Correcties: moves, contact corrections, a sibling added, hand-overs, an unborn child registered,
  the open closure requests, waakvlam dossiers whose evaluation is due, and referrals waiting over 30, 60 and 90 days.

The same seed, scale and day give the same registrations. The history is written by `HISTORY_WORKERS` processes, a
transaction per chunk of dossiers (inside a test's transaction: in that one); every service call of the working day
commits on its own, as in the app (the services are durable transactions); so a seed that is interrupted keeps what
it made. A re-run completes the organisation but adds no registrations to a registration that is not
empty; `make clean-db` throws the local database away to start over. The working day's commits are kept fast with
`synchronous_commit = off` (see `fast_commits`).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import random
import time
from base64 import b32encode
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.db.models import Count, Max, Prefetch
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from cases import services
from cases.choices import (
    Aanmelder,
    DoelenBereikt,
    Geslacht,
    Hulpsoort,
    JaNeeOnbekend,
    Leeftijdsklasse,
    RedenBeeindiging,
    SoortDoorverwijzing,
    Status,
    Verwijzer,
    VerwijzingStatus,
    Vorm,
)
from cases.models import Adres, Contact, Correctie, CorrectieSoort, Doorverwijzing, Dossier, Gezinslid, Hulpperiode, Jeugdige
from cases.validation import add_months
from jgt_registratie import wijken
from jgt_registratie.audit import Action
from jgt_registratie.errors import DomainError
from jgt_registratie.models import AuditLog, Gemeente, Postcodebereik, Role, Team, User, Wijk
from reporting.models import Beleidskader, JgtBudget, StatlineCijfer, TeamFte

DEFAULT_PASSWORD = "jeugdteam-demo-2026"
DEFAULT_SEED = 2026
#: years of registrations up to today (four: the last three calendar years whole, and this one)
SEED_JAREN = 4
#: the history is written by this many processes (generating while PostgreSQL copies another's chunk), in chunks of dossiers
HISTORY_WORKERS = 2
HISTORY_CHUNK = 250

# --- the organisation --------------------------------------------------------------------------------------

GEMEENTEN = [("0546", "Leiden"), ("0547", "Leiderdorp"), ("0579", "Oegstgeest"), ("0638", "Zoeterwoude")]
# DOMAIN.md section 3: Leiderdorp's annual JGT budget 2020-2024; the demo carries it into its own years so
# that I10 (kosten) has a budget to allocate. Leiden's is made up for the demo, so that its verantwoording (issue 12)
# shows the costs: Leiderdorp's budget per FTE of JGT Leiderdorp/Zoeterwoude (640,555 / 12.6) times the 58.4 FTE of
# Leiden's six teams, rounded to ten thousands. Oegstgeest and Zoeterwoude have none set: their I10 says so.
JGT_BUDGETTEN = {"0546": Decimal("2970000.00"), "0547": Decimal("640555.00")}
JGT_BUDGET_EERSTE_JAAR = 2020

# The inputs of the verantwoording (issue 12), create-only like the budgets.
# Team formation per year: DOMAIN.md section 3's FTE (TeamSpec.fte) for the year before last, a little lower before it
# and a little higher after it, for the last TEAM_FTE_JAREN years up to this one (2023-2026 in 2026).
TEAM_FTE_JAREN = 4
TEAM_FTE_GROEI = (Decimal("0.96"), Decimal("0.98"), Decimal("1.00"), Decimal("1.02"))
# CBS StatLine figures per gemeente (DOMAIN.md section 3, 2020: Leiden 1590 jeugdigen with wijkteam help, 1500 trajecten
# zonder verwijzer, 4500 trajecten; Leiderdorp 350, 335, 1090; Oegstgeest and Zoeterwoude by their size), carried to
# the other years from 2015 by a national-looking trend and rounded to fives as CBS does. Zoeterwoude's 2015 wijkteam
# figure is not published ('.' on StatLine: None).
STATLINE_2020 = {"0546": (1590, 1500, 4500), "0547": (350, 335, 1090), "0579": (300, 285, 940), "0638": (95, 90, 330)}
STATLINE_EERSTE_JAAR = 2015
STATLINE_TREND = {2015: 0.80, 2016: 0.84, 2017: 0.88, 2018: 0.92, 2019: 0.96, 2020: 1.00, 2021: 1.03, 2022: 1.05, 2023: 1.06,
                  2024: 1.08, 2025: 1.10, 2026: 1.11}
STATLINE_NIET_GEPUBLICEERD = {("0638", 2015, "jeugdigen_wijkteam")}
# Beleidskader texts (DOMAIN.md section 8, part 7) for Leiden and Leiderdorp, written by their gemeente login.
DEMO_BELEIDSKADER_AUTEURS = {"0546": "demo-gemeente", "0547": "demo-gemeente-leiderdorp"}
DEMO_BELEIDSKADER = {
    "verordening": "[Demotekst] De verordening jeugdhulp van {naam} noemt het jeugdteam een vrij toegankelijke voorziening: "
                   "inwoners kunnen zonder verwijzing terecht voor advies en lichte en middelzware hulp. Voor zwaardere hulp "
                   "verwijst het jeugdteam, de huisarts of de jeugdarts.",
    "gecontracteerd": "[Demotekst] {naam} heeft de Stichting Jeugdteams Leidse regio gesubsidieerd om de hulp zonder verwijzing te "
                      "geven; de jeugdteams werken per wijk, met een vaste contactpersoon voor scholen en huisartsen.",
    "afspraken": "[Demotekst] De subsidieafspraken sturen op snelle hulp dichtbij: binnen tien werkdagen een eerste gesprek, "
                 "zo min mogelijk doorverwijzen, en twee keer per jaar een gesprek tussen gemeente en jeugdteams over de cijfers.",
    "wijzigingen": "[Demotekst] Naar aanleiding van de cijfers over {vorig_jaar} zijn wachtende gezinnen vaker overbrugd en is "
                   "een praktijkondersteuner jeugd bij de huisartsen in twee wijken gestart.",
}


def statline_demo(gemeente: str, jaar: int) -> dict[str, int | None]:
    """The demo's StatLine figures of a gemeente and year (rounded to fives; None: not published)."""
    trend = STATLINE_TREND.get(jaar, STATLINE_TREND[max(STATLINE_TREND)] + 0.01 * (jaar - max(STATLINE_TREND)))
    kolommen = ("jeugdigen_wijkteam", "trajecten_zonder_verwijzer", "trajecten_totaal")
    return {kolom: None if (gemeente, jaar, kolom) in STATLINE_NIET_GEPUBLICEERD else 5 * round(basis * trend / 5)
            for kolom, basis in zip(kolommen, STATLINE_2020[gemeente], strict=True)}



# The 23 wijken of the four gemeenten, CBS-style codes (WK + gemeentecode + volgnummer from 00) with their postcode
# ranges (jgt_registratie.wijken): every pc4 of the gemeenten (Leiden 2311-2334, Oegstgeest 2340-2343, Leiderdorp
# 2350-2353, Zoeterwoude 2380-2382) lies in exactly one pc4 range; a pc4 shared by two wijken is split with a pc6 range,
# which wins over the pc4 range. The names are the districts' own; the split of each pc4 is made up for the demo.
WIJKEN = [
    ("WK054600", "0546", "Binnenstad-Noord", ("2311", "2312AA-2312KZ")),
    ("WK054601", "0546", "Binnenstad-Zuid", ("2312", "2311RA-2311ZZ")),
    ("WK054602", "0546", "Stationsdistrict", ("2313", "2333AA-2333KZ")),
    ("WK054603", "0546", "Leiden-Noord", ("2315-2316",)),
    ("WK054604", "0546", "Roodenburgerdistrict", ("2314", "2321")),
    ("WK054605", "0546", "Bos- en Gasthuisdistrict", ("2322", "2324-2330")),
    ("WK054606", "0546", "Morsdistrict", ("2323", "2332")),
    ("WK054607", "0546", "Boerhaavedistrict", ("2331", "2334")),
    ("WK054608", "0546", "Merenwijkdistrict", ("2317-2320",)),
    ("WK054609", "0546", "Stevenshofdistrict", ("2333", "2332MA-2332ZZ")),
    ("WK054700", "0547", "Oude Dorp", ("2350-2351",)),
    ("WK054701", "0547", "Voorhof", ("2352",)),
    ("WK054702", "0547", "Elisabethhof", ("2352LA-2352ZZ",)),
    ("WK054703", "0547", "Buitenhof", ("2353",)),
    ("WK054704", "0547", "Driemaster en Leyhof", ("2351LA-2351ZZ",)),
    ("WK057900", "0579", "Centrum", ("2340-2341",)),
    ("WK057901", "0579", "Poelgeest", ("2342",)),
    ("WK057902", "0579", "Haaswijk", ("2343",)),
    ("WK057903", "0579", "Morsebel en Buitenwijk", ("2341LA-2341ZZ",)),
    ("WK057904", "0579", "Rhijngeest en Oudenhof", ("2342LA-2342ZZ",)),
    ("WK063800", "0638", "Zoeterwoude-Dorp", ("2380-2381",)),
    ("WK063801", "0638", "Zoeterwoude-Rijndijk", ("2382",)),
    ("WK063802", "0638", "Buitengebied Zoeterwoude", ("2381RA-2381ZZ",)),
]
#: the pc4s in use (the ranges also hold a few numbers no address has, so that they join up)
DEMO_PC4 = frozenset({*range(2311, 2319), *range(2321, 2325), *range(2331, 2335), 2341, 2342, 2343, 2351, 2352, 2353, 2381, 2382})


def _bereik(code: str, gemeente: str, tekst: str) -> wijken.Bereik:
    van, _, tot = tekst.partition("-")
    return wijken.Bereik(van, tot or van, wijk_code=code, gemeente_id=gemeente)


DEMO_BEREIKEN = [_bereik(code, gemeente, tekst) for code, gemeente, _, bereiken in WIJKEN for tekst in bereiken]
# the pc4s a postcode of each wijk is drawn from: those its ranges touch that addresses use
_WIJK_POSTCODES = {code: tuple(sorted({n for b in DEMO_BEREIKEN if b.wijk_code == code
                                       for n in range(int(b.van[:4]), int(b.tot[:4]) + 1) if n in DEMO_PC4}))
                   for code, *_ in WIJKEN}
_WIJK_GEMEENTE = {code: gemeente for code, gemeente, *_ in WIJKEN}


@dataclass(frozen=True)
class TeamSpec:
    slug: str
    naam: str
    fte: Decimal
    gemeenten: tuple[str, ...]
    wijken: tuple[str, ...]
    # share of the team's jeugdigen per gemeente (when it serves more than one)
    gemeente_gewicht: tuple[int, ...] = (1,)


TEAMS = [
    TeamSpec("leiderdorp", "JGT Leiderdorp/Zoeterwoude", Decimal("12.6"), ("0547", "0638"),
             ("WK054700", "WK054701", "WK054702", "WK054703", "WK054704", "WK063800", "WK063801", "WK063802"), (3, 1)),
    TeamSpec("west", "JGT Leiden West en Stevenshof/Mors", Decimal("9.3"), ("0546",), ("WK054606", "WK054609")),
    TeamSpec("bos-gasthuis", "JGT Leiden Bos en Gasthuis", Decimal("9.8"), ("0546",), ("WK054605",)),
    TeamSpec("merenwijk", "JGT Leiden Merenwijk", Decimal("10.5"), ("0546",), ("WK054608",)),
    TeamSpec("midden", "JGT Leiden Midden", Decimal("8.6"), ("0546",), ("WK054600", "WK054601", "WK054602")),
    TeamSpec("noord", "JGT Leiden Noord", Decimal("10.8"), ("0546",), ("WK054603",)),
    TeamSpec("roodenburg", "JGT Leiden Roodenburg", Decimal("9.4"), ("0546",), ("WK054604", "WK054607")),
    TeamSpec("oegstgeest", "JGT Oegstgeest", Decimal("5.0"), ("0579",), ("WK057900", "WK057901", "WK057902", "WK057903", "WK057904")),
]
_TEAM_BY_SLUG = {t.slug: t for t in TEAMS}


@dataclass(frozen=True)
class Login:
    username: str
    role: str
    first_name: str
    last_name: str
    team: str | None = None  # TeamSpec.slug
    gemeente: str | None = None  # CBS code


# API.md "Demo organisation and logins"
LOGINS = [
    Login("demo-professional", Role.PROFESSIONAL, "Sanne", "de Vries", team="noord"),
    Login("demo-teamleider", Role.TEAMLEIDER, "Marloes", "Hoogendoorn", team="noord"),
    Login("demo-professional-leiderdorp", Role.PROFESSIONAL, "Youssef", "El Amrani", team="leiderdorp"),
    Login("demo-teamleider-leiderdorp", Role.TEAMLEIDER, "Ingrid", "van der Zwet", team="leiderdorp"),
    Login("demo-gemeente", Role.GEMEENTE, "Pieter", "Zwetsloot", gemeente="0546"),
    Login("demo-gemeente-leiderdorp", Role.GEMEENTE, "Annemieke", "Kortekaas", gemeente="0547"),
    Login("demo-beheerder", Role.BEHEERDER, "Erik", "Ouwehand"),
]

FIRST_NAMES = [
    "Anouk", "Lotte", "Fleur", "Marieke", "Esther", "Linda", "Femke", "Iris", "Nadia", "Fatima", "Sara", "Eline", "Judith",
    "Karin", "Yasmina", "Naima", "Merel", "Roos", "Ilse", "Petra", "Mirjam", "Charlotte", "Hanneke", "Tamara", "Bianca",
    "Nicole", "Ayse", "Saskia", "Jolanda", "Wendy", "Kim", "Manon", "Priya", "Laura", "Renske", "Annelies", "Zeynep",
    "Daan", "Thijs", "Bram", "Jeroen", "Mark", "Mohamed", "Ruben", "Joost", "Bas", "Wouter", "Tim", "Hamza", "Emre",
    "Sander", "Niels", "Martijn", "Rik", "Koen", "Stefan", "Jasper", "Vincent", "Redouan", "Arjen",
]
LAST_NAMES = [
    "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters",
    "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Linden", "Kok",
    "Jacobs", "Vermeulen", "van Dijk", "Schouten", "Willems", "El Idrissi", "Yilmaz", "Ozturk", "Boukhari", "Kaya",
    "Ramdin", "van der Plas", "Verhoef", "van Egmond", "Wassenaar", "Koppenol", "van Rijn", "Warmenhoven", "Bouchtaoui",
    "van Delft", "Groenewegen", "Zuijderduijn", "de Jong", "Hoekstra", "Lamers", "Tahiri", "Sardjoe", "van Kesteren",
]


def password_from_env() -> str:
    return os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD


# --- the second factor of the demo logins -------------------------------------------------------------------------
# Every demo login gets the same TOTP app (one entry in an authenticator app serves them all). Its key is derived from
# SECRET_KEY, so every installation has its own and it stays the same across runs. `seed_demo` prints the key and
# the otpauth URI; `manage.py demo_code` prints the code of this moment for a demo without a phone.
DEMO_APP_NAME = "Demo-app (seed_demo)"


def demo_totp_key() -> str:
    """The hex key (20 bytes) of the demo logins' shared TOTP app."""
    return hmac.new(settings.SECRET_KEY.encode(), b"jgt-registratie demo-tweede-factor", hashlib.sha1).hexdigest()


def totp_secret(key_hex: str) -> str:
    """A key as an authenticator app takes it: base32, in groups of four."""
    key = b32encode(bytes.fromhex(key_hex)).decode()
    return " ".join(key[i:i + 4] for i in range(0, len(key), 4))


def totp_uri(key_hex: str) -> str:
    secret = b32encode(bytes.fromhex(key_hex)).decode()
    return f"otpauth://totp/jgt-registratie:demo-logins?secret={secret}&issuer=jgt-registratie&algorithm=SHA1&digits=6&period=30"


def totp_code(key_hex: str) -> str:
    """The 6-digit code of this moment for a TOTP key (what the app shows)."""
    return f"{TOTP(bytes.fromhex(key_hex), step=30, t0=0, digits=6).token():06d}"


def _ensure_demo_app(user: User) -> None:
    """Give a demo login the demo app when it has no app of its own (never replace one)."""
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        TOTPDevice.objects.create(user=user, name=DEMO_APP_NAME, key=demo_totp_key(), confirmed=True)


def demo_app_keys(users) -> dict[str, str]:
    """username -> key of the demo app, for the demo logins that have it (not an app of their own)."""
    return dict(TOTPDevice.objects.filter(user__in=users, confirmed=True, name=DEMO_APP_NAME).values_list("user__username", "key"))


def _professional_count(spec: TeamSpec) -> int:
    """Professionals per team besides the demo login: roughly one per FTE (many work part-time)."""
    return max(6, min(12, round(spec.fte)))


def staff_plan() -> list[Login]:
    """Every case worker of the demo: the demo logins' colleagues, one teamleider per team, in a fixed order."""
    names = random.Random("jgt-demo-namen")
    pool = [(f, last) for f in FIRST_NAMES for last in LAST_NAMES]
    names.shuffle(pool)
    taken = {(login.first_name, login.last_name) for login in LOGINS}
    pool = [n for n in pool if n not in taken]
    staff = []
    for spec in TEAMS:
        if not any(login.team == spec.slug and login.role == Role.TEAMLEIDER for login in LOGINS):
            first, last = pool.pop()
            staff.append(Login(f"teamleider-{spec.slug}", Role.TEAMLEIDER, first, last, team=spec.slug))
        for n in range(1, _professional_count(spec) + 1):
            first, last = pool.pop()
            staff.append(Login(f"prof-{spec.slug}-{n}", Role.PROFESSIONAL, first, last, team=spec.slug))
    return staff


@dataclass
class OrganisationResult:
    created: Counter = field(default_factory=Counter)
    logins: list[User] = field(default_factory=list)
    # usernames of demo logins that existed already and whose password is not DEMO_PASSWORD
    other_password: set[str] = field(default_factory=set)


class DemoPasswordInvalid(Exception):
    def __init__(self, messages: list[str]):
        super().__init__(" ".join(messages))
        self.messages = messages


@transaction.atomic
def ensure_organisation(password: str) -> OrganisationResult:
    """Create what is missing of the organisation and its users; never change what exists."""
    result = OrganisationResult()
    gemeenten = {}
    for code, naam in GEMEENTEN:
        gemeenten[code], created = Gemeente.objects.get_or_create(code=code, defaults={"naam": naam})
        result.created["gemeenten"] += created
    per_code = {}
    for code, gemeente, naam, bereiken in WIJKEN:
        # by name within the gemeente: a demo database made before the wijken had CBS's numbering keeps its codes
        per_code[code], created = Wijk.objects.get_or_create(gemeente=gemeenten[gemeente], naam=naam, defaults={"code": code})
        result.created["wijken"] += created
        if not per_code[code].postcodebereiken.exists():
            for tekst in bereiken:
                van, _, tot = tekst.partition("-")
                Postcodebereik.objects.create(wijk=per_code[code], van=van, tot=tot or van)
                result.created["postcodebereiken"] += 1
    teams = {}
    for spec in TEAMS:
        team, created = Team.objects.get_or_create(naam=spec.naam, defaults={"fte": spec.fte})
        if created:
            team.gemeenten.set([gemeenten[c] for c in spec.gemeenten])
            team.wijken.set([per_code[c] for c in spec.wijken])
        teams[spec.slug] = team
        result.created["teams"] += created
    for code, bedrag in JGT_BUDGETTEN.items():
        for jaar in range(JGT_BUDGET_EERSTE_JAAR, timezone.localdate().year + 1):
            _, created = JgtBudget.objects.get_or_create(gemeente=gemeenten[code], jaar=jaar, defaults={"bedrag": bedrag})
            result.created["budgetten"] += created

    _ensure_verantwoording_inputs(result, gemeenten, teams)

    for login in LOGINS:
        user = User.objects.filter(username=login.username).first()
        if user is None:
            user = _create_user(login, teams, gemeenten, password=password)
            result.created["gebruikers"] += 1
        elif not user.has_usable_password() or not user.check_password(password):
            result.other_password.add(user.username)
        _ensure_demo_app(user)
        result.logins.append(user)
    staff = staff_plan()
    existing = set(User.objects.filter(username__in=[s.username for s in staff]).values_list("username", flat=True))
    for login in staff:
        if login.username not in existing:
            _create_user(login, teams, gemeenten, password=None)
            result.created["gebruikers"] += 1
    _ensure_beleidskader(result, gemeenten)
    return result


def _ensure_verantwoording_inputs(result: OrganisationResult, gemeenten: dict, teams: dict) -> None:
    """Team FTE per year and the StatLine figures, create-only (the beheerder's later changes stay)."""
    dit_jaar = timezone.localdate().year
    for spec in TEAMS:
        for jaar, groei in zip(range(dit_jaar - TEAM_FTE_JAREN + 1, dit_jaar + 1), TEAM_FTE_GROEI, strict=True):
            _, created = TeamFte.objects.get_or_create(team=teams[spec.slug], jaar=jaar,
                                                       defaults={"fte": (spec.fte * groei).quantize(Decimal("0.1"))})
            result.created["team-fte's"] += created
    for code in STATLINE_2020:
        for jaar in range(STATLINE_EERSTE_JAAR, dit_jaar + 1):
            _, created = StatlineCijfer.objects.get_or_create(gemeente=gemeenten[code], jaar=jaar, defaults=statline_demo(code, jaar))
            result.created["StatLine-cijfers"] += created


def _ensure_beleidskader(result: OrganisationResult, gemeenten: dict) -> None:
    """A demo text per onderwerp for Leiden and Leiderdorp, by their gemeente login, create-only."""
    vorig_jaar = timezone.localdate().year - 1
    auteurs = {u.username: u for u in User.objects.filter(username__in=DEMO_BELEIDSKADER_AUTEURS.values())}
    for code, username in DEMO_BELEIDSKADER_AUTEURS.items():
        for onderwerp, tekst in DEMO_BELEIDSKADER.items():
            _, created = Beleidskader.objects.get_or_create(
                gemeente=gemeenten[code], onderwerp=onderwerp,
                defaults={"tekst": tekst.format(naam=gemeenten[code].naam, vorig_jaar=vorig_jaar), "auteur": auteurs[username]})
            result.created["beleidskaderteksten"] += created


def check_password_acceptable(password: str) -> None:
    """Run Django's password validators against every demo login; raise DemoPasswordInvalid with their messages."""
    messages = []
    for login in LOGINS:
        try:
            validate_password(password, User(username=login.username, first_name=login.first_name, last_name=login.last_name))
        except ValidationError as exc:
            messages.extend(m for m in exc.messages if m not in messages)
    if messages:
        raise DemoPasswordInvalid(messages)


def _create_user(login: Login, teams: dict, gemeenten: dict, *, password: str | None) -> User:
    user = User(username=login.username, role=login.role, first_name=login.first_name, last_name=login.last_name,
                is_staff=login.role == Role.BEHEERDER)
    if password is None:
        user.set_unusable_password()  # colleagues in the data; only the demo logins sign in
    else:
        user.set_password(password)
    user.save()
    if login.team:
        user.teams.set([teams[login.team]])
    if login.gemeente:
        user.gemeenten.set([gemeenten[login.gemeente]])
    return user


def login_rows(result: OrganisationResult, password: str) -> list[tuple[str, str, str, str, str]]:
    rows = []
    demo_apps = demo_app_keys(result.logins)
    for user in result.logins:
        if user.role in (Role.PROFESSIONAL, Role.TEAMLEIDER):
            scope = ", ".join(t.naam for t in user.teams.all()) or "-"
        elif user.role == Role.GEMEENTE:
            scope = ", ".join(str(g) for g in user.gemeenten.all()) or "-"
        else:
            scope = "alle teams en gemeenten"
        if not user.is_active:
            secret = "(gedeactiveerd)"
        elif user.username in result.other_password:
            secret = "(eigen wachtwoord, niet gewijzigd)"
        else:
            secret = password
        app = "demo-app" if user.username in demo_apps else "eigen app"
        rows.append((user.username, Role(user.role).label, scope, secret, app))
    return rows


def format_table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]

    def line(cells):
        return "  ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    return "\n".join([line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)])


# --- the registrations ---------------------------------------------------------------------------------------

DOSSIERS_PER_FTE = 16  # a year's new dossiers per FTE: Leiden's 58.4 FTE give ~930 dossiers
LOOSE_CONTACT_RATIO = 0.38  # contacts without dossier per contact with dossier: ~27% of all contacts

# scenario -> share of the dossiers (in percent); each describes where a dossier is today and how it got there
SCENARIOS = {
    "afgesloten": 40,
    "afgesloten_via_waakvlam": 8,
    "afgesloten_preventief": 6,
    "actief": 20,
    "waakvlam": 7,
    "waakvlam_verlopen": 4,
    "aangemeld_recent": 4,
    "aangemeld_preventief": 4,
    "heropend": 3,
    "gereactiveerd": 4,
}
PREVENTIEF_SCENARIOS = {"afgesloten_preventief", "aangemeld_preventief"}

AANMELDER_WEIGHTS = {
    Aanmelder.ZELF: 30, Aanmelder.HUISARTS: 14, Aanmelder.POH_JEUGD: 8, Aanmelder.SCHOOL: 18, Aanmelder.JGZ: 14,
    Aanmelder.VEILIG_THUIS: 4, Aanmelder.POLITIE: 3, Aanmelder.OVERIG: 9,
}
VERWIJZER_WEIGHTS = {Verwijzer.GEEN_VERWIJZER: 86, Verwijzer.GEMEENTELIJKE_TOEGANG: 7, Verwijzer.HUISARTS: 4, Verwijzer.JEUGDARTS: 3}
HELP_HULPSOORT_WEIGHTS = {Hulpsoort.LICHT: 66, Hulpsoort.MIDDELZWAAR: 27, Hulpsoort.ZWAAR: 7}
LIGHTER = {Hulpsoort.ZWAAR: Hulpsoort.MIDDELZWAAR, Hulpsoort.MIDDELZWAAR: Hulpsoort.LICHT, Hulpsoort.LICHT: Hulpsoort.LICHT}
# help stretch (first to last help contact) in days, and the gap between contacts
HELP_LENGTH = {Hulpsoort.LICHT: (14, 120), Hulpsoort.MIDDELZWAAR: (40, 180), Hulpsoort.ZWAAR: (60, 220)}
CONTACT_GAP = {Hulpsoort.PREVENTIEF: (7, 30), Hulpsoort.LICHT: (10, 35), Hulpsoort.MIDDELZWAAR: (10, 30), Hulpsoort.ZWAAR: (7, 21)}
# chance that a contact in the middle of a help stretch is one step lighter, or preventief
LIGHTER_SHARE = {Hulpsoort.LICHT: 0.0, Hulpsoort.MIDDELZWAAR: 0.25, Hulpsoort.ZWAAR: 0.4}
DOORVERWIJZING_KANS = {Hulpsoort.LICHT: 0.03, Hulpsoort.MIDDELZWAAR: 0.12, Hulpsoort.ZWAAR: 0.35}
DOORVERWIJZING_WEIGHTS = {
    SoortDoorverwijzing.JEUGD_GGZ: 30, SoortDoorverwijzing.JEUGDHULP_AMBULANT: 25, SoortDoorverwijzing.LVB: 8,
    SoortDoorverwijzing.DAGHULP: 6, SoortDoorverwijzing.VERBLIJF: 4, SoortDoorverwijzing.PLEEGZORG: 3,
    SoortDoorverwijzing.JEUGDBESCHERMING: 8, SoortDoorverwijzing.OVERIG: 10,
}
# Referral outcomes (issue 12): days from referral to the start of help elsewhere, per kind (low, high); the share of
# referrals that are refused, that never start, and that an older referral is still waiting ("tussen wal en schip").
VERWIJZING_WACHT = {
    SoortDoorverwijzing.JEUGD_GGZ: (30, 150), SoortDoorverwijzing.JEUGDHULP_AMBULANT: (14, 70), SoortDoorverwijzing.LVB: (30, 120),
    SoortDoorverwijzing.DAGHULP: (21, 90), SoortDoorverwijzing.VERBLIJF: (14, 120), SoortDoorverwijzing.PLEEGZORG: (14, 100),
    SoortDoorverwijzing.JEUGDBESCHERMING: (7, 60), SoortDoorverwijzing.OVERIG: (14, 90),
}
VERWIJZING_UITKOMST_WEIGHTS = {VerwijzingStatus.GESTART: 78, VerwijzingStatus.AFGEWEZEN: 8, VerwijzingStatus.NIET_GESTART: 7,
                               VerwijzingStatus.VERWEZEN: 7}
#: every third referral the team bridges the wait
OVERBRUGGING_ELKE = 3
#: the working day: referrals registered this many days ago, still waiting (the bands of /team), and dossiers in waakvlam
#: whose evaluatiedatum has just passed
WACHTENDE_VERWIJZINGEN = (35, 65, 95)
WAAKVLAM_TE_BEOORDELEN = 2
VERWIJZING_REDENEN = {
    VerwijzingStatus.AFGEWEZEN: ("Aanbieder vindt de hulpvraag te licht: past bij het jeugdteam.",
                                 "Geen plek bij de aanbieder binnen de gewenste termijn.", "Hulpvraag past niet bij het aanbod."),
    VerwijzingStatus.NIET_GESTART: ("Ouders zagen af van de hulp.", "Jeugdige wilde niet starten.",
                                    "Gezin verhuisd voor de start van de hulp."),
}
REDEN_WEIGHTS = {
    RedenBeeindiging.VOLGENS_PLAN: 72, RedenBeeindiging.VOORTIJDIG_OVEREENSTEMMING: 11, RedenBeeindiging.VOORTIJDIG_CLIENT: 8,
    RedenBeeindiging.VOORTIJDIG_AANBIEDER: 3, RedenBeeindiging.VOORTIJDIG_EXTERN: 6,
}
# contact form -> (weight in a dossier, weight without dossier, minutes low, minutes high)
VORMEN = {
    Vorm.FACE_TO_FACE: (26, 20, 30, 90),
    Vorm.TELEFONISCH: (24, 36, 5, 30),
    Vorm.HUISBEZOEK: (16, 4, 45, 120),
    Vorm.VIDEO: (7, 5, 20, 60),
    Vorm.SCHOOL: (8, 16, 20, 60),
    Vorm.EMAIL: (8, 9, 5, 15),
    Vorm.OVERLEG: (11, 10, 15, 90),
}
GESLACHT_WEIGHTS = {Geslacht.M: 49, Geslacht.V: 48, Geslacht.O: 3}
# Names of the demo families (issue 11): invented and clearly fake (surnames that say "example", "test", "demo"), with
# accents and tussenvoegsels so that search can be tried ("jose" finds José, "de voorbeeld" finds De Voorbeeld). Drawn
# from a random stream of their own, so the registrations themselves stay exactly as without names.
DEMO_VOORNAMEN = ("Sven", "Fenna", "Daan", "Noor", "José", "Zoë", "Mila", "Bram", "Lotte", "Thijs", "Anaïs", "Sem", "Iris", "Joël",
                  "Saar", "Luuk", "Maud", "Finn", "Renée", "Ties", "Yara", "Gijs", "Chloë", "Mees")
DEMO_ACHTERNAMEN = (("de", "Voorbeeld"), ("", "Testervelt"), ("van der", "Proefweg"), ("", "Demosma"), ("van", "Fictiefhoven"),
                    ("", "Nepstra"), ("de", "Probeerder"), ("", "Oefenkamp"), ("van den", "Schijnbeek"), ("", "Verzinsel"),
                    ("", "Müller-Demo"), ("ter", "Testhorst"))
DEMO_OUDERNAMEN = ("Anna", "Mohamed", "Petra", "Karim", "Esther", "Jeroen", "Fatima", "Marco", "Ingrid", "Ahmet")
#: the share of demo dossiers with a betrokkene (a parent or guardian to reach the family)
DEMO_BETROKKENEN_KANS = 0.4

AGE_CLASS_WEIGHTS = {Leeftijdsklasse.K0_3: 13, Leeftijdsklasse.K4_11: 40, Leeftijdsklasse.K12_17: 38, Leeftijdsklasse.K18_22: 9}
AGE_RANGE = {Leeftijdsklasse.K0_3: (0, 3), Leeftijdsklasse.K4_11: (4, 11), Leeftijdsklasse.K12_17: (12, 17), Leeftijdsklasse.K18_22: (18, 22)}
# probleemcategorie weights per age class; scheiding and opvoeding are common at every age
CATEGORY_WEIGHTS = {
    Leeftijdsklasse.K0_3: {"opvoeding": 40, "scheiding": 18, "ontwikkeling": 14, "ouder": 12, "gezondheid": 6, "bestaanszekerheid": 5,
                           "veiligheid": 4, "overig": 1},
    Leeftijdsklasse.K4_11: {"opvoeding": 32, "scheiding": 24, "psychisch": 12, "ontwikkeling": 10, "school": 7, "sociaal": 6, "ouder": 4,
                            "veiligheid": 3, "bestaanszekerheid": 3, "gezondheid": 2, "overig": 1},
    Leeftijdsklasse.K12_17: {"opvoeding": 22, "scheiding": 18, "psychisch": 18, "school": 13, "sociaal": 9, "middelen": 6, "ontwikkeling": 4,
                             "justitie": 3, "veiligheid": 3, "ouder": 2, "bestaanszekerheid": 1, "overig": 1},
    Leeftijdsklasse.K18_22: {"psychisch": 24, "bestaanszekerheid": 18, "opvoeding": 10, "school": 12, "middelen": 10, "scheiding": 8,
                             "sociaal": 8, "justitie": 4, "ontwikkeling": 4, "overig": 2},
}
CATEGORY_WEIGHTS[Leeftijdsklasse.ONBEKEND] = {"opvoeding": 35, "scheiding": 30, "psychisch": 10, "school": 8, "sociaal": 7, "overig": 10}

NOTITIES = {
    Vorm.FACE_TO_FACE: ["Gesprek met moeder en jeugdige op het teamkantoor.", "Gesprek met beide ouders over de hulpvraag.",
                        "Gesprek met jeugdige alleen; afspraken doorgenomen.", "Evaluatie van het plan met ouders."],
    Vorm.TELEFONISCH: ["Telefonisch contact met moeder over de afspraken.", "Vader gebeld: het gaat wat beter thuis.",
                       "Kort telefonisch overleg over de voortgang."],
    Vorm.HUISBEZOEK: ["Huisbezoek: gesprek met het gezin.", "Huisbezoek, thuissituatie besproken.", "Huisbezoek met collega."],
    Vorm.VIDEO: ["Videogesprek met ouders.", "Beeldbellen met jeugdige."],
    Vorm.SCHOOL: ["Gesprek met jeugdige op school.", "Overleg met de intern begeleider en ouders op school."],
    Vorm.EMAIL: ["Afspraken per mail nagestuurd.", "Mail aan ouders met informatie over cursusaanbod."],
    Vorm.OVERLEG: ["Afstemming met huisarts.", "Overleg met jeugdarts (JGZ).", "Multidisciplinair overleg over het gezin.",
                   "Afstemming met school over verzuim."],
}
CATEGORY_NOTITIES = {
    "scheiding": "Ouderschapsplan besproken.",
    "opvoeding": "Opvoedadvies gegeven over structuur en grenzen.",
    "psychisch": "Somberheid en slaapproblemen besproken.",
    "school": "Schoolverzuim besproken, afspraken met leerplicht.",
    "bestaanszekerheid": "Doorverwezen naar schuldhulp van de gemeente.",
    "veiligheid": "Veiligheidsafspraken doorgenomen.",
}

_POSTCODE_LETTERS = "ABCDEGHJKLMNPRSTVWXZ"  # F, I, O, Q, U and Y do not occur in Dutch postcodes
_FORBIDDEN_POSTCODE_LETTERS = {"SA", "SD", "SS"}


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _month_weight(d: date) -> float:
    """Fewer registrations in the summer holiday and around Christmas."""
    if d.month in (7, 8):
        return 0.55
    if d.month == 12 and d.day > 20 or d.month == 1 and d.day < 3:
        return 0.5
    return 1.0


@dataclass
class Event:
    offset: int
    kind: str
    kw: dict = field(default_factory=dict)


@dataclass
class Plan:
    """One dossier's life: who, what, and the events in order (offsets first, then dates)."""

    team: Team
    regiehouder: User
    teamleider: User
    colleagues: list[User]
    scenario: str
    hulpsoort: str
    categories: list[str]
    kinderen: list[dict]
    open_kwargs: dict
    events: list[Event] = field(default_factory=list)
    dated: list[tuple[date, Event]] = field(default_factory=list)
    dossier: Dossier | None = None
    jeugdigen: list[Jeugdige] = field(default_factory=list)

    def add(self, offset: int, kind: str, **kw) -> int:
        """Append an event; an offset before the previous event's is moved up to it (events stay in order)."""
        if self.events and offset < self.events[-1].offset:
            offset = self.events[-1].offset
        self.events.append(Event(offset, kind, kw))
        return offset

    @property
    def last_offset(self) -> int:
        return self.events[-1].offset


@contextmanager
def fast_commits() -> Iterator[None]:
    """`synchronous_commit = off` for this database session while the block runs, then the value it had.

    A commit then returns before its WAL record is flushed to disk, so thousands of small service transactions
    cost about what one large one did. A crash of the database server may lose the last commits (whole ones,
    never half of one): acceptable for demo data, and the setting never outlives the seed.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('synchronous_commit')")
        (previous,) = cursor.fetchone()
        cursor.execute("SELECT set_config('synchronous_commit', 'off', false)")
    try:
        yield
    finally:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('synchronous_commit', %s, false)", [previous])
        except DatabaseError:  # a broken connection takes its session settings with it; keep the original error
            pass


@dataclass
class SeedSummary:
    dossiers: int = 0
    contacten: int = 0
    duur_seconden: float = 0.0


class RegistrationSeeder:
    #: days between the contacts of a help phase, per hulpsoort (`demo.load` may plan denser help)
    contact_gap = CONTACT_GAP

    def __init__(self, *, today: date, schaal: float = 1.0, seed: int = DEFAULT_SEED, progress=None):
        self.today = today
        self.start = add_months(today, -12 * SEED_JAREN) + timedelta(days=1)
        self.schaal = schaal
        self.seed = seed
        self.rng = random.Random(f"{seed}-{today.isoformat()}-{schaal}")
        self.namen = random.Random(f"{seed}-namen")  # names only: the main stream is not touched
        self.progress = progress or (lambda message: None)
        self.bsns: set[str] = set(Jeugdige.objects.exclude(bsn=None).values_list("bsn", flat=True))

    # -- dates ------------------------------------------------------------------------------------------

    def rand_date(self, lo: date, hi: date) -> date:
        """A date in [lo, hi], less likely in the holidays."""
        if hi <= lo:
            return lo
        span = (hi - lo).days
        for _ in range(20):
            d = lo + timedelta(days=self.rng.randint(0, span))
            if self.rng.random() < _month_weight(d):
                return d
        return d

    def workday(self, d: date) -> date:
        """Weekend dates move to the Monday after, unless that is in the future."""
        moved = d + timedelta(days=(7 - d.weekday()) % 7) if d.weekday() >= 5 else d
        return moved if moved <= self.today else d

    # -- people and content ------------------------------------------------------------------------------

    def bsn(self) -> str:
        while True:
            digits = [self.rng.randint(1, 9)] + [self.rng.randint(0, 9) for _ in range(7)]
            total = sum(d * (9 - i) for i, d in enumerate(digits))
            last = total % 11
            if last == 10 or total - last == 0:
                continue
            value = "".join(map(str, digits)) + str(last)
            if value not in self.bsns:
                self.bsns.add(value)
                return value

    def postcode(self, wijk_code: str) -> str:
        """A postcode that lies in the wijk `wijk_code` by its postcode ranges (drawn again until it does)."""
        while True:
            letters = self.rng.choice(_POSTCODE_LETTERS) + self.rng.choice(_POSTCODE_LETTERS)
            postcode = f"{self.rng.choice(_WIJK_POSTCODES[wijk_code])}{letters}"
            if letters not in _FORBIDDEN_POSTCODE_LETTERS and wijken.wijk_van(DEMO_BEREIKEN, _WIJK_GEMEENTE[wijk_code], postcode) == wijk_code:
                return postcode

    def birth_date(self, age: int, on: date) -> date:
        """A birth date that makes the child `age` on `on`, and keeps it under 23 today."""
        born = on - timedelta(days=round(age * 365.25) + self.rng.randint(0, 364))
        oldest = add_months(self.today, -23 * 12) + timedelta(days=1)
        return min(max(born, oldest), on)

    def categories(self, age_class: str, n: int) -> list[str]:
        weights = dict(CATEGORY_WEIGHTS[age_class])
        chosen = []
        for _ in range(n):
            code = _pick(self.rng, weights)
            chosen.append(code)
            del weights[code]
        return chosen

    def contact_kw(self, plan: Plan, hulpsoort: str, *, preventief_intake: bool = False) -> dict:
        r = self.rng
        vorm = _pick(r, {v: w[0] for v, w in VORMEN.items()})
        if preventief_intake and vorm == Vorm.EMAIL:
            vorm = Vorm.TELEFONISCH
        low, high = VORMEN[vorm][2:]
        categories = [c for c in plan.categories if r.random() < 0.8] or plan.categories[:1]
        if r.random() < 0.05:
            categories.append(self.categories(Leeftijdsklasse.ONBEKEND, 1)[0])
        notitie = ""
        if r.random() < 0.45:
            notitie = r.choice(NOTITIES[vorm])
            if r.random() < 0.3 and categories[0] in CATEGORY_NOTITIES:
                notitie = f"{notitie} {CATEGORY_NOTITIES[categories[0]]}"
        user = plan.regiehouder if r.random() < 0.85 else r.choice(plan.colleagues)
        return {
            "user": user,
            "hulpsoort": hulpsoort,
            "vorm": vorm,
            "duur_minuten": 5 * r.randint(low // 5, high // 5),
            "probleemcategorieen": list(dict.fromkeys(categories)),
            "notitie": notitie,
            "registratieduur_seconden": self.registratieduur(),
        }

    def registratieduur(self) -> int | None:
        return round(self.rng.triangular(20, 120, 45)) if self.rng.random() < 0.6 else None

    def closing_kw(self, *, preventief: bool = False) -> dict:
        r = self.rng
        reden = _pick(r, REDEN_WEIGHTS if not preventief else {RedenBeeindiging.VOLGENS_PLAN: 70, RedenBeeindiging.VOORTIJDIG_OVEREENSTEMMING: 20,
                                                               RedenBeeindiging.VOORTIJDIG_CLIENT: 10})
        if reden == RedenBeeindiging.VOLGENS_PLAN:
            doelen = _pick(r, {DoelenBereikt.JA: 60, DoelenBereikt.DEELS: 30, DoelenBereikt.NEE: 3, DoelenBereikt.ONBEKEND: 7})
            verder = _pick(r, {JaNeeOnbekend.JA: 70, JaNeeOnbekend.NEE: 15, JaNeeOnbekend.ONBEKEND: 15})
            tevredenheid = None if r.random() < 0.3 else _pick(r, {5: 30, 4: 45, 3: 18, 2: 5, 1: 2})
        else:
            doelen = _pick(r, {DoelenBereikt.DEELS: 35, DoelenBereikt.NEE: 35, DoelenBereikt.ONBEKEND: 30})
            verder = _pick(r, {JaNeeOnbekend.JA: 20, JaNeeOnbekend.NEE: 45, JaNeeOnbekend.ONBEKEND: 35})
            tevredenheid = None if r.random() < 0.5 else _pick(r, {5: 8, 4: 25, 3: 35, 2: 20, 1: 12})
        return {"reden_beeindiging": reden, "doelen_bereikt": doelen, "zonder_hulp_verder": verder, "tevredenheid": tevredenheid}

    # -- planning --------------------------------------------------------------------------------------------

    def scenario_deck(self, total: int) -> list[str]:
        """Exactly proportional (largest remainder), each scenario at least once when there is room."""
        shares = {s: total * p / 100 for s, p in SCENARIOS.items()}
        counts = {s: int(v) for s, v in shares.items()}
        for s in sorted(shares, key=lambda s: shares[s] - counts[s], reverse=True)[: total - sum(counts.values())]:
            counts[s] += 1
        if total >= len(SCENARIOS):
            for s in SCENARIOS:
                if counts[s] == 0:
                    counts[s] = 1
                    counts[max(counts, key=counts.get)] -= 1
        deck = [s for s, n in counts.items() for _ in range(n)]
        self.rng.shuffle(deck)
        return deck

    def team_counts(self, teams: list[tuple[TeamSpec, Team]], total: int) -> list[int]:
        fte = sum(spec.fte for spec, _ in teams)
        shares = [float(spec.fte / fte) * total for spec, _ in teams]
        counts = [max(1, int(s)) for s in shares]
        order = sorted(range(len(teams)), key=lambda i: shares[i] - int(shares[i]), reverse=True)
        for i in order[: max(0, total - sum(counts))]:
            counts[i] += 1
        return counts

    def new_plan(self, spec: TeamSpec, team: Team, members: dict, scenario: str) -> Plan:
        r = self.rng
        professionals, teamleider = members["professionals"], members["teamleider"]
        weights = [3 if u.username.startswith("demo-") else 1 for u in professionals]
        regiehouder = teamleider if r.random() < 0.04 else r.choices(professionals, weights=weights)[0]
        gemeente_code = r.choices(spec.gemeenten, weights=spec.gemeente_gewicht)[0]
        wijk = r.choice([c for c in spec.wijken if c.startswith(f"WK{gemeente_code}")])
        age_class = _pick(r, AGE_CLASS_WEIGHTS)
        age = r.randint(*AGE_RANGE[age_class])
        n_kids = _pick(r, {1: 70, 2: 22, 3: 8})
        ages = [age]
        for _ in range(n_kids - 1):
            delta = r.randint(1, 5)
            ages.append(age - delta if age + delta > 22 or (age - delta >= 0 and r.random() < 0.5) else age + delta)
        postcode = self.postcode(wijk) if r.random() < 0.95 else ""
        kinderen = [
            {"age": a, "geslacht": _pick(r, GESLACHT_WEIGHTS), "bsn": self.bsn() if r.random() < 0.92 else None, "postcode": postcode,
             "gemeente": members["gemeenten"][gemeente_code]}
            for a in ages
        ]
        hulpsoort = Hulpsoort.PREVENTIEF if scenario in PREVENTIEF_SCENARIOS else _pick(r, HELP_HULPSOORT_WEIGHTS)
        aanmelder = _pick(r, AANMELDER_WEIGHTS)
        categories = self.categories(age_class, _pick(r, {1: 55, 2: 35, 3: 10}))
        crisis = False
        if aanmelder in (Aanmelder.VEILIG_THUIS, Aanmelder.POLITIE):
            if "veiligheid" not in categories and r.random() < 0.6:
                categories.insert(0, "veiligheid")
            crisis = r.random() < 0.3
        elif hulpsoort != Hulpsoort.PREVENTIEF:
            crisis = r.random() < 0.03
        open_kwargs = {
            "aanmelder": aanmelder,
            "hulpsoort": hulpsoort,
            "probleemcategorieen": categories,
            "gestart_met_crisis": crisis,
            "verwijzer": _pick(r, VERWIJZER_WEIGHTS),
        }
        colleagues = [u for u in professionals if u != regiehouder] or professionals
        return Plan(team=team, regiehouder=regiehouder, teamleider=teamleider, colleagues=colleagues, scenario=scenario,
                    hulpsoort=hulpsoort, categories=categories, kinderen=kinderen, open_kwargs=open_kwargs)

    def help_phase(self, plan: Plan, start: int, factor: float, *, explicit: bool = False) -> int:
        """Help contacts from `start` (maybe a doorverwijzing among them); returns the offset of the last one."""
        r = self.rng
        hs = plan.hulpsoort
        low, high = HELP_LENGTH[hs]
        end = start + round(r.randint(low, high) * factor)
        offsets = [start]
        gap_low, gap_high = self.contact_gap[hs]
        while offsets[-1] + gap_low < end:
            offsets.append(offsets[-1] + r.randint(gap_low, gap_high))
        if offsets[-1] > end or len(offsets) > 1 and end - offsets[-1] < gap_low:
            offsets[-1] = end
        elif offsets[-1] != end:
            offsets.append(end)
        referral_at = None
        if r.random() < DOORVERWIJZING_KANS[hs] and len(offsets) > 2:
            referral_at = r.randint(offsets[1], offsets[-1])
        if explicit:
            plan.add(start, "activate")
        for i, off in enumerate(offsets):
            if referral_at is not None and off > referral_at:
                plan.add(referral_at, "doorverwijzing", soort=_pick(r, DOORVERWIJZING_WEIGHTS))
                referral_at = None
            # first and last contact of a help stretch are help; in between sometimes lighter, or preventief
            contact_hs = hs
            if 0 < i < len(offsets) - 1:
                roll = r.random()
                contact_hs = LIGHTER[hs] if roll < LIGHTER_SHARE[hs] else (Hulpsoort.PREVENTIEF if roll < LIGHTER_SHARE[hs] + 0.08 else hs)
            plan.add(off, "contact", **self.contact_kw(plan, contact_hs))
        if referral_at is not None:
            plan.add(offsets[-1], "doorverwijzing", soort=_pick(r, DOORVERWIJZING_WEIGHTS))
        return offsets[-1]

    def intake(self, plan: Plan) -> int:
        """Aanmelding at offset 0, maybe a preventief kennismaking; returns where help starts."""
        r = self.rng
        plan.add(0, "open")
        first = 0 if r.random() < 0.3 else r.randint(1, 10)
        if r.random() < 0.35:
            plan.add(first, "contact", **self.contact_kw(plan, Hulpsoort.PREVENTIEF, preventief_intake=True))
            return first + r.randint(3, 14)
        return first

    def preventief_contacts(self, plan: Plan, start: int) -> int:
        off = start
        for i in range(self.rng.choice([1, 1, 2, 2, 3])):
            if i:
                off += self.rng.randint(*CONTACT_GAP[Hulpsoort.PREVENTIEF])
            plan.add(off, "contact", **self.contact_kw(plan, Hulpsoort.PREVENTIEF))
        return off

    def waakvlam(self, plan: Plan, last: int, mode: str) -> int:
        """Waakvlam some days after the last help contact; the evaluatiedatum is fixed once dated (see `evaluatiedatum`)."""
        dagen = self.rng.randint(14, 120) if mode == "verlopen" else self.rng.randint(30, 180)
        return plan.add(last + self.rng.randint(0, 10), "waakvlam", mode=mode, dagen=dagen)

    def checkin(self, plan: Plan, w: int, until: int) -> None:
        """Sometimes a short call while in waakvlam, to keep the child in view."""
        if until - w > 10 and self.rng.random() < 0.3:
            kw = self.contact_kw(plan, Hulpsoort.PREVENTIEF)
            kw["vorm"], kw["duur_minuten"] = Vorm.TELEFONISCH, 5 * self.rng.randint(2, 5)
            plan.add(self.rng.randint(w + 7, until), "contact", **kw)

    def build(self, plan: Plan, factor: float) -> tuple[int, date | None]:
        """Fill `plan.events` at offsets; returns (offset, date) of the pinned event, or (-1, None) to place freely."""
        r = self.rng
        s = plan.scenario
        plan.events.clear()
        if s == "aangemeld_recent":
            plan.add(0, "open")
            if r.random() < 0.4:
                plan.add(r.randint(0, 5), "contact", **self.contact_kw(plan, Hulpsoort.PREVENTIEF, preventief_intake=True))
            return 0, self.today - timedelta(days=r.randint(0, 20))
        if s in PREVENTIEF_SCENARIOS:
            plan.add(0, "open")
            last = self.preventief_contacts(plan, 0 if r.random() < 0.5 else r.randint(1, 10))
            if s == "afgesloten_preventief":
                plan.add(last + r.randint(0, 14), "close", **self.closing_kw(preventief=True))
            return -1, None
        start = self.intake(plan)
        explicit = r.random() < 0.1
        last = self.help_phase(plan, start, factor, explicit=explicit)
        if s == "afgesloten":
            plan.add(last + r.randint(0, 21), "close", **self.closing_kw())
        elif s == "afgesloten_via_waakvlam":
            w = self.waakvlam(plan, last, "vrij")
            end = w + round(r.randint(30, 160) * factor)
            self.checkin(plan, w, end)
            plan.add(end, "close", **self.closing_kw())
        elif s == "actief":
            stale = r.randint(0, 25) if r.random() < 0.85 else r.randint(40, 120)
            if stale >= 21 and r.random() < 0.5:
                plan.add(last, "request_closure")
            return last, self.today - timedelta(days=stale)
        elif s in ("waakvlam", "waakvlam_verlopen"):
            w = self.waakvlam(plan, last, "toekomst" if s == "waakvlam" else "verlopen")
            if s == "waakvlam_verlopen" and r.random() < 0.3:
                plan.add(w, "request_closure")
            back = r.randint(1, 160) if s == "waakvlam" else r.randint(20, 200)
            if back > 20:
                self.checkin(plan, w, w + back - 3)
            return w, self.today - timedelta(days=back)
        elif s == "heropend":
            close = plan.add(last + r.randint(0, 21), "close", **self.closing_kw())
            again = plan.add(close + r.randint(14, 90), "reopen")
            last = self.help_phase(plan, again + r.randint(0, 7), factor * 0.6)
            if r.random() < 0.4:
                plan.add(last + r.randint(0, 21), "close", **self.closing_kw())
            else:
                return last, self.today - timedelta(days=r.randint(0, 25))
        elif s == "gereactiveerd":
            w = self.waakvlam(plan, last, "vrij")
            again = plan.add(w + round(r.randint(14, 120) * factor), "activate")
            last = self.help_phase(plan, again + r.randint(0, 7), factor * 0.6)
            if r.random() < 0.4:
                plan.add(last + r.randint(0, 21), "close", **self.closing_kw())
            else:
                return last, self.today - timedelta(days=r.randint(0, 25))
        return -1, None

    def place(self, plan: Plan) -> None:
        """Build the scenario small enough to fit the year, anchor it, and turn offsets into dates."""
        factor = 1.0
        for _ in range(40):
            pin_offset, pin_date = self.build(plan, factor)
            if pin_date is not None:
                anchor = pin_date - timedelta(days=pin_offset)
                if anchor >= self.start:
                    break
            elif self.start + timedelta(days=plan.last_offset) <= self.today:
                latest = self.today - timedelta(days=plan.last_offset)
                anchor = self.rand_date(self.start, latest)
                break
            factor *= 0.85
        else:  # pragma: no cover - the durations shrink to nothing long before this
            raise RuntimeError(f"Scenario {plan.scenario} past niet in het jaar.")
        previous = None
        for event in plan.events:
            d = self.workday(anchor + timedelta(days=event.offset))
            d = max(d, previous) if previous else d
            d = min(d, self.today)
            if event.kind == "waakvlam":
                event.kw["evaluatiedatum"] = self.evaluatiedatum(d, event.kw.pop("mode"), event.kw.pop("dagen"))
            plan.dated.append((d, event))
            previous = d

    def evaluatiedatum(self, w: date, mode: str, dagen: int) -> date:
        """After the waakvlam date, at most 6 months on; `toekomst` lies after today, `verlopen` before it."""
        latest = add_months(w, services.MAX_WAAKVLAM_MAANDEN)
        d = min(w + timedelta(days=dagen), latest)
        if mode == "toekomst":
            d = min(max(d, self.today + timedelta(days=1)), latest)
        elif mode == "verlopen":
            d = min(d, self.today - timedelta(days=1))
        return max(d, w + timedelta(days=1))

    def loose_contacts(self, spec: TeamSpec, members: dict, n: int) -> list[tuple[date, dict]]:
        """Contacts without dossier: a question, advice, a first talk; only gemeente and leeftijdsklasse."""
        r = self.rng
        everyone = members["professionals"] + [members["teamleider"]]
        result = []
        for _ in range(n):
            age_class = _pick(r, {**AGE_CLASS_WEIGHTS, Leeftijdsklasse.ONBEKEND: 8})
            vorm = _pick(r, {v: w[1] for v, w in VORMEN.items()})
            gemeente_code = r.choices(spec.gemeenten, weights=spec.gemeente_gewicht)[0]
            n_cat = _pick(r, {0: 10, 1: 70, 2: 20})
            result.append((
                self.workday(self.rand_date(self.start, self.today)),
                {
                    "user": r.choice(everyone),
                    "hulpsoort": _pick(r, {Hulpsoort.PREVENTIEF: 66, Hulpsoort.LICHT: 34}),
                    "vorm": vorm,
                    "duur_minuten": 5 * r.randint(1, 12) if vorm != Vorm.EMAIL else 5 * r.randint(1, 3),
                    "probleemcategorieen": self.categories(age_class, n_cat),
                    "gemeente": members["gemeenten"][gemeente_code],
                    "leeftijdsklasse": age_class,
                    "registratieduur_seconden": self.registratieduur(),
                },
            ))
        return result

    # -- playing it through the services -----------------------------------------------------------------------

    def organisation(self) -> list[tuple[TeamSpec, Team, dict]]:
        gemeenten = {g.code: g for g in Gemeente.objects.all()}
        result = []
        for spec in TEAMS:
            team = Team.objects.filter(naam=spec.naam).first()
            if team is None:
                continue
            members = team.leden.filter(is_active=True).order_by("username")
            professionals = [u for u in members if u.role == Role.PROFESSIONAL]
            teamleider = next((u for u in members if u.role == Role.TEAMLEIDER), None)
            if not professionals or teamleider is None:
                continue
            result.append((spec, team, {"professionals": professionals, "teamleider": teamleider, "gemeenten": gemeenten}))
        return result

    def run(self) -> SeedSummary:
        from demo import load  # the fast path builds on this module's planner

        teams = self.organisation()
        if not teams:
            raise RuntimeError("Er is geen organisatie om registraties voor te maken.")
        per_jaar = max(len(teams), round(float(sum(spec.fte for spec, _, _ in teams)) * DOSSIERS_PER_FTE * self.schaal))
        started = time.perf_counter()
        try:
            spec = load.build_spec(dossiers=per_jaar * SEED_JAREN, seed=self.seed, jaren=SEED_JAREN, tot=self.today,
                                   lang_dossier=False, afsluitverzoeken=False, dichte_hulp=False)
        except LookupError as exc:
            raise RuntimeError(str(exc)) from exc
        self.progress(f"Registraties aanmaken: {spec.dossiers} dossiers tussen {spec.start:%d-%m-%Y} en {spec.tot:%d-%m-%Y} ...")
        verzoeken: list[str] = []
        if connection.in_atomic_block:  # a test: in its transaction, all or nothing
            with transaction.atomic(), connection.cursor() as cursor:
                counts = load.run_in_process(spec, cursor.cursor, verzoeken)
        else:  # generation in one process overlaps PostgreSQL's COPY of another's chunk; a chunk is a transaction
            conninfo = load.connection_params()
            connection.close()  # no socket shared with the forked workers
            counts, _, _ = load.run_in_pool(replace(spec, chunk=HISTORY_CHUNK), conninfo, HISTORY_WORKERS, afsluitverzoeken=verzoeken)
        load.analyse()
        self.progress(f"  {counts['cases_dossier']} dossiers en {counts['cases_contact']} contacten in {time.perf_counter() - started:.0f} s")

        self.bsns = set(Jeugdige.objects.exclude(bsn=None).values_list("bsn", flat=True))
        plans = self.plans_from_database(teams)
        self.progress("Een werkdag vastleggen: verhuizingen, correcties, overdrachten, afsluitverzoeken, waakvlam en verwijzingen ...")
        with fast_commits():
            try:
                self.register_unborn(teams)
                used = self.corrections_and_handovers(plans, teams)
                self.pending_on_team(plans, verzoeken, used)
            except DomainError as exc:
                raise RuntimeError(f"De service weigerde een stap van de werkdag: {exc.detail}") from exc
        return SeedSummary(dossiers=Dossier.objects.count(), contacten=Contact.objects.count(),
                           duur_seconden=time.perf_counter() - started)

    def plans_from_database(self, teams) -> list[Plan]:
        """The registered dossiers as the working day sees them, oldest first: team, regiehouder, the team's teamleider,
        the children (in a fixed order)."""
        leiders = {team.pk: members["teamleider"] for _, team, members in teams}
        children = Prefetch("jeugdigen", queryset=Jeugdige.objects.order_by("id"))
        return [
            Plan(team=dossier.team, regiehouder=dossier.regiehouder, teamleider=leiders[dossier.team_id], colleagues=[], scenario="",
                 hulpsoort=dossier.hulpsoort, categories=[], kinderen=[], open_kwargs={},
                 dated=[(dossier.aanmelddatum, Event(0, "open"))], dossier=dossier, jeugdigen=list(dossier.jeugdigen.all()))
            for dossier in Dossier.objects.select_related("team", "regiehouder").prefetch_related(children).order_by("aanmelddatum", "id")
        ]

    # -- what waits on /team today, through the services ------------------------------------------------------------

    def pending_on_team(self, plans: list[Plan], verzoeken: list[str], used: set) -> None:
        """What the teamleider finds on /team today, each made through its service (audited as it would be):

        - the closure requests the history left open (`verzoeken`: the dossiers whose plan asked for one), asked today;
        - WAAKVLAM_TE_BEOORDELEN dossiers put in waakvlam after their last contact, with an evaluatiedatum just past;
        - one referral still waiting over each of 30, 60 and 90 days (`cases.selectors.WACHT_DREMPELS`).

        Dossiers another story of the working day took (`used`) are passed over; the order is fixed (by aanmelding)."""
        from demo import load

        for dossier in Dossier.objects.filter(pk__in=verzoeken).exclude(status=Status.AFGESLOTEN).select_related("regiehouder") \
                .order_by("aanmelddatum", "id"):
            services.dossier_request_closure(user=dossier.regiehouder, dossier=dossier, toelichting=self.rng.choice(load.TOELICHTINGEN))
            used.add(dossier.pk)

        last_contact = dict(Contact.objects.filter(dossier__status=Status.ACTIEF).values("dossier").annotate(last=Max("datum"))
                            .values_list("dossier", "last"))
        actief = [p.dossier for p in plans if p.dossier.pk not in used and p.dossier.status == Status.ACTIEF]
        # help that ended between 20 and 170 days ago: waakvlam a few days later, its evaluation (at most 6 months on) due now
        due = [d for d in actief if last_contact.get(d.pk) and 20 <= (self.today - max(d.status_sinds, last_contact[d.pk])).days <= 170]
        for dossier in due[:WAAKVLAM_TE_BEOORDELEN]:
            datum = max(dossier.status_sinds, last_contact[dossier.pk]) + timedelta(days=self.rng.randint(1, 7))
            services.dossier_waakvlam(user=dossier.regiehouder, dossier=dossier, datum=datum,
                                      evaluatiedatum=self.today - timedelta(days=self.rng.randint(1, 10)), **self.closing_kw())
            used.add(dossier.pk)

        for dagen in WACHTENDE_VERWIJZINGEN:
            datum = self.today - timedelta(days=dagen)
            dossier = next((d for d in actief if d.pk not in used and d.aanmelddatum <= datum), None)
            if dossier is None:
                continue
            services.doorverwijzing_register(user=dossier.regiehouder, dossier=dossier, datum=datum, soort=_pick(self.rng, DOORVERWIJZING_WEIGHTS),
                                             overbrugging=dagen == WACHTENDE_VERWIJZINGEN[1])
            used.add(dossier.pk)

    def register_unborn(self, teams) -> None:
        """A pregnant mother registered by the JGZ two weeks ago: her child, expected in four months, in a dossier
        without help yet (aangemeld, preventief)."""
        for spec, team, members in teams:
            if spec.gemeenten != ("0546",):
                continue
            regiehouder = members["professionals"][0]
            kind = services.jeugdige_register(user=regiehouder, team=team, geboortedatum=None, geslacht="O", voornamen="Baby",
                                              achternaam="Voorbeeld",
                                              verwachte_geboortedatum=add_months(self.today, 4), gemeente=members["gemeenten"]["0546"],
                                              postcode=self.postcode(spec.wijken[0]))  # a Leiden team: its wijken are in Leiden
            services.dossier_open(user=regiehouder, team=team, jeugdigen=[kind], aanmelddatum=self.today - timedelta(days=14),
                                  aanmelder=Aanmelder.JGZ, hulpsoort=Hulpsoort.PREVENTIEF, probleemcategorieen=["opvoeding"],
                                  regiehouder=regiehouder)
            return

    # -- a team's working day after the year (issue 11): moves, corrections, a sibling, hand-overs --------------------

    def corrections_and_handovers(self, plans: list[Plan], teams) -> set:
        """What a team corrects and hands on once the year has been registered, each through its service, today:

        - three more moves: within a Leiden team's area; from Leiderdorp, Zoeterwoude or Oegstgeest to Leiden Noord (another
          gemeente); from one Leiden wijk to another team's wijk;
        - contact corrections: a duration edited, a contact registered twice deleted, a contact without dossier attached
          to the dossier it was about;
        - a younger sibling registered and added to a family dossier;
        - two dossiers handed over after those moves (one to Leiden Noord, with the demo-professional as regiehouder),
          and a jeugdige without dossier handed from Leiden Midden to Leiden Noord ("a known BSN in another team").

        Each story takes its own dossier, found in a fixed order (by first registration, then plan order), an open one
        when there is one, so the same seed, scale and day give the same result. The names come from `self.namen`, the
        postcodes and BSNs from the main stream after every other draw. Returns the dossiers the stories took.
        """
        by_slug = {spec.slug: (spec, team, members) for spec, team, members in teams}
        spec_of = {team.pk: spec for spec, team, _ in teams}
        ordered = sorted((p for p in plans if p.dossier is not None), key=lambda p: p.dated[0][0])
        status = dict(Dossier.objects.filter(pk__in=[p.dossier.pk for p in ordered]).values_list("pk", "status"))
        moved = set(Adres.objects.filter(geldig_vanaf__isnull=False).values_list("jeugdige_id", flat=True))
        used: set = set()

        def take(accept) -> Plan | None:
            """The first plan without a story yet that `accept`s, an open dossier first."""
            free = [p for p in ordered if p.dossier.pk not in used and accept(p)]
            chosen = next((p for p in free if status[p.dossier.pk] != Status.AFGESLOTEN), free[0] if free else None)
            if chosen is not None:
                used.add(chosen.dossier.pk)
            return chosen

        def move(plan: Plan, days_ago: int, gemeente: str, wijk: str) -> bool:
            """Move the first child of the plan that was born (and not moved yet) `days_ago` days ago, or later."""
            d = min(self.today, max(plan.dossier.aanmelddatum, self.workday(self.today - timedelta(days=days_ago))))
            kind = next((j for j in plan.jeugdigen if j.pk not in moved and j.geboortedatum is not None and j.geboortedatum <= d), None)
            if kind is None:
                return False
            postcode = self.postcode(wijk)
            while postcode == kind.huidig_adres.postcode:  # a move goes somewhere else
                postcode = self.postcode(wijk)
            services.adres_register(user=plan.regiehouder, jeugdige=kind, gemeente=Gemeente.objects.get(code=gemeente),
                                    geldig_vanaf=d, postcode=postcode)
            moved.add(kind.pk)
            return True

        def movable(p: Plan) -> bool:
            return any(j.pk not in moved and j.geboortedatum is not None for j in p.jeugdigen)

        # A family of a Leiden team moves within its own area.
        plan = take(lambda p: spec_of[p.team.pk].gemeenten == ("0546",) and movable(p))
        if plan is not None:
            move(plan, 100, "0546", spec_of[plan.team.pk].wijken[-1])

        # A family from Leiderdorp, Zoeterwoude or Oegstgeest moves to Leiden Noord; its team hands the dossier over there.
        noord = by_slug.get("noord")
        plan = take(lambda p: "0546" not in spec_of[p.team.pk].gemeenten and movable(p))
        if noord is not None and plan is not None and move(plan, 40, "0546", "WK054604"):
            services.dossier_handover(user=plan.teamleider, dossier=plan.dossier, team=noord[1], regiehouder=noord[2]["professionals"][0])

        # A Leiden family moves into the Roodenburgerdistrict; its team hands the dossier to JGT Leiden Roodenburg.
        roodenburg = by_slug.get("roodenburg")
        plan = take(lambda p: spec_of[p.team.pk].gemeenten == ("0546",) and spec_of[p.team.pk].slug != "roodenburg" and movable(p))
        if roodenburg is not None and plan is not None and move(plan, 20, "0546", "WK054605"):
            services.dossier_handover(user=plan.teamleider, dossier=plan.dossier, team=roodenburg[1])

        self.correct_contacts(ordered, status, used)
        self.add_sibling(take(lambda p: status[p.dossier.pk] == Status.ACTIEF) or take(lambda p: status[p.dossier.pk] != Status.AFGESLOTEN))

        # "A known BSN in another team": a child Leiden Midden registered without opening a dossier goes to Leiden Noord.
        midden = by_slug.get("midden")
        if midden is not None and noord is not None:
            spec, team, members = midden
            tussenvoegsel, achternaam = self.namen.choice(DEMO_ACHTERNAMEN)
            kind = services.jeugdige_register(user=members["professionals"][0], team=team, geboortedatum=self.birth_date(9, self.today),
                                              geslacht=Geslacht.V, gemeente=members["gemeenten"]["0546"], bsn=self.bsn(),
                                              postcode=self.postcode("WK054604"), voornamen=self.namen.choice(DEMO_VOORNAMEN),
                                              tussenvoegsel=tussenvoegsel, achternaam=achternaam)
            services.jeugdige_handover(user=members["teamleider"], jeugdige=kind, team=noord[1])
        return used

    def correct_contacts(self, ordered: list[Plan], status: dict, used: set) -> None:
        """One contact of each correction (API.md 1.1), by the professional who registered it (their own, the same day)."""
        open_ids = [p.dossier.pk for p in ordered if p.dossier.pk not in used and status[p.dossier.pk] != Status.AFGESLOTEN]
        rank = {pk: i for i, pk in enumerate(open_ids)}
        # a professional corrects their own contact only for some days after registering it (the history registered its
        # contacts on their dates): the stories take contacts of the last week
        recent = Contact.objects.filter(geregistreerd_op__gte=timezone.now() - timedelta(days=7))
        last_contacts = sorted(
            (c for c in recent.filter(dossier__in=open_ids).select_related("dossier", "geregistreerd_door")
             .order_by("dossier", "-datum", "-geregistreerd_op").distinct("dossier")),
            key=lambda c: rank[c.dossier_id])

        # A duration typed wrong: 15 minutes more.
        edit = next(iter(last_contacts), None)
        if edit is not None:
            services.contact_update(user=edit.geregistreerd_door, contact=edit, duur_minuten=min(edit.duur_minuten + 15, 1440))
            used.add(edit.dossier_id)

        # A contact saved twice (a double click): the copy is deleted. In a dossier actief since before it, so the copy
        # changes no status; else a contact without dossier.
        original = next((c for c in last_contacts if c.dossier_id not in used and status[c.dossier_id] == Status.ACTIEF
                         and c.datum >= c.dossier.status_sinds), None)
        if original is None:
            original = Contact.objects.filter(dossier=None).select_related("geregistreerd_door").order_by("-datum", "-geregistreerd_op").first()
        if original is not None:
            copy = services.contact_register(
                user=original.geregistreerd_door, team=original.team, dossier=original.dossier, datum=original.datum,
                duur_minuten=original.duur_minuten, vorm=original.vorm, inzet=original.inzet, hulpsoort=original.hulpsoort,
                probleemcategorieen=[c.code for c in original.probleemcategorieen.all()], notitie=original.notitie,
                gemeente=original.gemeente, leeftijdsklasse=original.leeftijdsklasse)
            services.contact_delete(user=original.geregistreerd_door, contact=copy)
            if original.dossier_id:
                used.add(original.dossier_id)

        # A call registered without dossier turns out to be about a family the team knows: attached to its dossier.
        dossiers = [d for d in Dossier.objects.filter(pk__in=[pk for pk in open_ids if pk not in used]).prefetch_related("statusgeschiedenis")]
        dossiers.sort(key=lambda d: rank[d.pk])
        for contact in (recent.filter(dossier=None, hulpsoort=Hulpsoort.PREVENTIEF).select_related("geregistreerd_door")
                        .order_by("-datum", "-geregistreerd_op")):
            target = next((d for d in dossiers if d.team_id == contact.team_id and d.aanmelddatum <= contact.datum
                           and not any(s.van == Status.AFGESLOTEN and s.datum > contact.datum for s in d.statusgeschiedenis.all())), None)
            if target is not None:
                services.contact_attach(user=contact.geregistreerd_door, contact=contact, dossier=target)
                used.add(target.pk)
                return

    def add_sibling(self, plan: Plan | None) -> None:
        """A younger brother or sister the family asks help for too: registered, and added to the dossier two weeks ago
        (in a running stretch of help it gets a hulpperiode from that date)."""
        if plan is None:
            return
        eldest = plan.jeugdigen[0]
        adres = eldest.huidig_adres
        kind = services.jeugdige_register(
            user=plan.regiehouder, team=plan.team, geboortedatum=self.birth_date(3, self.today), geslacht=Geslacht.M,
            gemeente=adres.gemeente, postcode=adres.postcode, bsn=self.bsn(), voornamen=self.namen.choice(DEMO_VOORNAMEN),
            tussenvoegsel=eldest.tussenvoegsel, achternaam=eldest.achternaam)
        datum = min(self.today, max(plan.dossier.aanmelddatum, self.today - timedelta(days=14)))
        services.gezinslid_add(user=plan.regiehouder, dossier=plan.dossier, jeugdige=kind, datum=datum)


def registrations_exist() -> bool:
    return Jeugdige.objects.exists() or Dossier.objects.exists() or Contact.objects.exists()


def registration_counts() -> list[tuple[str, int]]:
    status = dict(Dossier.objects.order_by().values_list("status").annotate(n=Count("id")))
    return [
        ("jeugdigen", Jeugdige.objects.count()),
        ("dossiers", Dossier.objects.count()),
        *((f"  waarvan {label.lower()}", status.get(value, 0)) for value, label in Status.choices),
        ("contacten met dossier", Contact.objects.filter(dossier__isnull=False).count()),
        ("contacten zonder dossier", Contact.objects.filter(dossier__isnull=True).count()),
        ("hulpperiodes", Hulpperiode.objects.count()),
        ("doorverwijzingen", Doorverwijzing.objects.count()),
        ("afsluiting gevraagd (open dossiers)", Dossier.objects.filter(afsluiting_gevraagd_op__isnull=False).count()),
        ("verhuizingen", Adres.objects.filter(geldig_vanaf__isnull=False).count()),
        ("correcties van contacten", Correctie.objects.filter(soort__in=[CorrectieSoort.CONTACT_GEWIJZIGD, CorrectieSoort.CONTACT_VERWIJDERD,
                                                                         CorrectieSoort.CONTACT_GEKOPPELD]).count()),
        ("jeugdigen later aan een dossier toegevoegd", Gezinslid.objects.count()),
        ("overdrachten aan een ander team", AuditLog.objects.filter(
            action__in=[Action.DOSSIER_OVERDRAGEN, Action.JEUGDIGE_OVERDRAGEN], result=AuditLog.Result.OK).count()),
    ]
