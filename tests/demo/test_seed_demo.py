"""`seed_demo`: the Leidse regio and its logins (API.md), consistent years of registrations (history written with COPY,
a working day through the services), idempotent, and refused outside DEBUG unless explicitly allowed."""

from collections import Counter
from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Max, Q
from django.utils import timezone

from cases import hulpperiodes, services
from cases.choices import RedenBeeindiging, Status, VerwijzingStatus
from cases.models import (
    Adres,
    Betrokkene,
    Contact,
    Correctie,
    CorrectieSoort,
    Doorverwijzing,
    Dossier,
    Hulpperiode,
    Jeugdige,
    StatusWijziging,
)
from cases.validation import add_months, bsn_is_valid
from demo import load, world
from jgt_registratie.audit import Action
from jgt_registratie.models import AuditLog, Gemeente, Role, Team, User, Wijk
from reporting.models import Beleidskader, JgtBudget, StatlineCijfer, TeamFte

SCHAAL = "0.05"  # 60 dossiers a year, 240 in all

EXPECTED_LOGINS = {
    "demo-professional": (Role.PROFESSIONAL, {"JGT Leiden Noord"}, set()),
    "demo-teamleider": (Role.TEAMLEIDER, {"JGT Leiden Noord"}, set()),
    "demo-professional-leiderdorp": (Role.PROFESSIONAL, {"JGT Leiderdorp/Zoeterwoude"}, set()),
    "demo-teamleider-leiderdorp": (Role.TEAMLEIDER, {"JGT Leiderdorp/Zoeterwoude"}, set()),
    "demo-gemeente": (Role.GEMEENTE, set(), {"0546"}),
    "demo-gemeente-leiderdorp": (Role.GEMEENTE, set(), {"0547"}),
    "demo-beheerder": (Role.BEHEERDER, set(), set()),
}


def seed(*args) -> str:
    """seed_demo as the tests run it: with the production defaults (DEBUG off), so explicitly allowed."""
    out = StringIO()
    call_command("seed_demo", "--ik-weet-het-zeker", *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict:
    models = [Gemeente, Wijk, Team, User, Jeugdige, Dossier, StatusWijziging, Contact, Doorverwijzing, Hulpperiode, AuditLog,
              TeamFte, StatlineCijfer, Beleidskader]
    counts = {m.__name__: m.objects.count() for m in models}
    counts["team_gemeenten"] = Team.gemeenten.through.objects.count()
    counts["team_wijken"] = Team.wijken.through.objects.count()
    counts["user_teams"] = User.teams.through.objects.count()
    counts["user_gemeenten"] = User.gemeenten.through.objects.count()
    counts["dossier_versies"] = sum(Dossier.objects.values_list("versie", flat=True))
    return counts


@pytest.fixture
def no_demo_password(monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)


# --- organisation and logins ------------------------------------------------------------------------------


def test_organisation_only_builds_the_leidse_regio(db, no_demo_password):
    out = seed("--organisation-only")

    assert dict(Gemeente.objects.values_list("code", "naam")) == {
        "0546": "Leiden", "0547": "Leiderdorp", "0579": "Oegstgeest", "0638": "Zoeterwoude"}
    teams = {t.naam: t for t in Team.objects.prefetch_related("gemeenten", "wijken")}
    assert {naam: str(t.fte) for naam, t in teams.items()} == {
        "JGT Leiderdorp/Zoeterwoude": "12.6", "JGT Leiden West en Stevenshof/Mors": "9.3", "JGT Leiden Bos en Gasthuis": "9.8",
        "JGT Leiden Merenwijk": "10.5", "JGT Leiden Midden": "8.6", "JGT Leiden Noord": "10.8", "JGT Leiden Roodenburg": "9.4",
        "JGT Oegstgeest": "5.0",
    }
    for naam, team in teams.items():
        codes = {g.code for g in team.gemeenten.all()}
        expected = {"0547", "0638"} if "Leiderdorp" in naam else {"0579"} if "Oegstgeest" in naam else {"0546"}
        assert codes == expected, naam
        assert team.wijken.exists(), naam
        assert all(w.gemeente_id in codes and w.code == f"WK{w.gemeente_id}{w.code[6:]}" for w in team.wijken.all()), naam
    assert all(Wijk.objects.filter(gemeente=code).count() >= 3 for code in ("0546", "0547", "0579", "0638"))
    budgets = {code: dict(JgtBudget.objects.filter(gemeente=code).values_list("jaar", "bedrag")) for code in ("0546", "0547")}
    jaren = range(2020, timezone.localdate().year + 1)
    assert budgets == {"0546": {jaar: Decimal("2970000.00") for jaar in jaren}, "0547": {jaar: Decimal("640555.00") for jaar in jaren}}
    assert not JgtBudget.objects.exclude(gemeente__in=["0546", "0547"]).exists()

    for username, (role, team_names, gemeente_codes) in EXPECTED_LOGINS.items():
        user = User.objects.get(username=username)
        assert user.role == role
        assert {t.naam for t in user.teams.all()} == team_names
        assert {g.code for g in user.gemeenten.all()} == gemeente_codes
        assert user.is_staff == (role == Role.BEHEERDER)
        assert user.first_name and user.last_name
        assert user.check_password(world.DEFAULT_PASSWORD)
        assert username in out
    assert world.DEFAULT_PASSWORD in out

    # colleagues so that dossiers have varied regiehouders; every team has a teamleider
    for team in teams.values():
        assert team.leden.filter(role=Role.PROFESSIONAL).count() >= 6
        assert team.leden.filter(role=Role.TEAMLEIDER).exists()
    assert not User.objects.get(username="prof-noord-3").has_usable_password()
    assert not Dossier.objects.exists() and not Contact.objects.exists() and not Jeugdige.objects.exists()


def test_organisation_only_seeds_the_inputs_of_the_verantwoording(db, no_demo_password):
    """Issue 12: team FTE for the last four years, StatLine figures from 2015 for the four gemeenten, and a demo text per
    beleidskader subject for Leiden and Leiderdorp."""
    out = seed("--organisation-only")
    dit_jaar = timezone.localdate().year
    fte = {(f.team.naam, f.jaar): f.fte for f in TeamFte.objects.select_related("team")}
    assert len(fte) == 8 * 4 and {jaar for _, jaar in fte} == set(range(dit_jaar - 3, dit_jaar + 1))
    assert [fte[("JGT Leiden Noord", jaar)] for jaar in range(dit_jaar - 3, dit_jaar + 1)] == [
        Decimal("10.4"), Decimal("10.6"), Decimal("10.8"), Decimal("11.0")]
    statline = {(c.gemeente_id, c.jaar): (c.jeugdigen_wijkteam, c.trajecten_zonder_verwijzer, c.trajecten_totaal)
                for c in StatlineCijfer.objects.all()}
    assert len(statline) == 4 * (dit_jaar - 2015 + 1)
    assert (statline[("0546", 2020)], statline[("0547", 2020)]) == ((1590, 1500, 4500), (350, 335, 1090))
    assert statline[("0638", 2015)] == (None, 70, 265)
    assert statline[("0546", 2015)][0] < statline[("0546", 2020)][0] < statline[("0546", dit_jaar)][0]
    teksten = {(b.gemeente_id, b.onderwerp): b for b in Beleidskader.objects.select_related("auteur")}
    assert len(teksten) == 8 and {g for g, _ in teksten} == {"0546", "0547"}
    assert all(b.tekst.startswith("[Demotekst] ") for b in teksten.values())
    assert teksten[("0547", "verordening")].auteur.username == "demo-gemeente-leiderdorp"
    assert "32 team-fte's" in out and f"{len(statline)} StatLine-cijfers" in out and "8 beleidskaderteksten" in out


def test_running_twice_changes_nothing_and_prints_the_logins_again(db, no_demo_password):
    seed("--organisation-only")
    before = snapshot()
    out = seed("--organisation-only")
    assert snapshot() == before
    assert "niets gewijzigd" in out
    for username in EXPECTED_LOGINS:
        assert username in out
    assert world.DEFAULT_PASSWORD in out


def test_password_comes_from_the_environment(db, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "leiden-jeugd-4321")
    out = seed("--organisation-only")
    assert User.objects.get(username="demo-teamleider").check_password("leiden-jeugd-4321")
    assert "leiden-jeugd-4321" in out

    # a different password on a later run changes no existing login, and says so
    monkeypatch.setenv("DEMO_PASSWORD", "een-ander-wachtwoord-99")
    out = seed("--organisation-only")
    assert User.objects.get(username="demo-teamleider").check_password("leiden-jeugd-4321")
    assert "een-ander-wachtwoord-99" not in out


def test_a_weak_demo_password_is_refused(db, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "kort")
    with pytest.raises(CommandError, match="DEMO_PASSWORD"):
        seed("--organisation-only")
    assert not User.objects.exists()


# --- registrations -----------------------------------------------------------------------------------------


def test_bsns_pass_the_elfproef_and_are_unique(db):
    seeder = world.RegistrationSeeder(today=timezone.localdate())
    bsns = [seeder.bsn() for _ in range(2000)]
    assert all(bsn_is_valid(b) for b in bsns)
    assert len(set(bsns)) == len(bsns)


def test_scenario_deck_is_proportional_and_complete(db):
    seeder = world.RegistrationSeeder(today=timezone.localdate())
    deck = Counter(seeder.scenario_deck(24))
    assert sum(deck.values()) == 24
    assert set(deck) == set(world.SCENARIOS)
    assert Counter(seeder.scenario_deck(1000)) == Counter({s: p * 10 for s, p in world.SCENARIOS.items()})


def per_jaar(schaal: float) -> int:
    return round(float(sum(t.fte for t in world.TEAMS)) * world.DOSSIERS_PER_FTE * schaal)


def test_full_seed_makes_consistent_years_and_a_rerun_adds_nothing(db, no_demo_password):
    out = seed("--schaal", SCHAAL)
    today = timezone.localdate()
    first_day = add_months(today, -12 * world.SEED_JAREN) + timedelta(days=1)

    # issue 12: at least three whole years (2023, 2024 and 2025 in 2026) at the Leidse volume per year (`--schaal`), and this
    # one; plus the unborn child's dossier of the working day
    assert "Klaar" in out and "demo-professional" in out
    assert Dossier.objects.count() == per_jaar(float(SCHAAL)) * world.SEED_JAREN + 1
    per_year = Counter(Dossier.objects.values_list("aanmelddatum__year", flat=True))
    assert set(per_year) == set(range(first_day.year, today.year + 1))
    assert all(per_year[jaar] > per_jaar(float(SCHAAL)) / 2 for jaar in range(today.year - 3, today.year))
    contacts = Contact.objects.all()
    assert {c.year for c in contacts.dates("datum", "year")} == set(per_year)
    assert contacts.filter(datum__lt=first_day).count() == contacts.filter(datum__gt=today).count() == 0
    loose = contacts.filter(dossier__isnull=True)
    assert not loose.exclude(notitie="").exists() and not loose.filter(gemeente=None).exists()
    assert 0.15 < loose.count() / contacts.count() < 0.4
    assert 6.5 < contacts.count() / Dossier.objects.count() < 8.5  # the Leidse practice (generate_load plans denser help)
    assert Jeugdige.objects.count() >= Dossier.objects.count()
    bsns = list(Jeugdige.objects.exclude(bsn=None).values_list("bsn", flat=True))
    assert all(bsn_is_valid(b) for b in bsns) and len(set(bsns)) == len(bsns)
    assert 0.85 < len(bsns) / Jeugdige.objects.count() < 0.97

    # the protocol's special cases (issue 10): moves (some to another gemeente), unknown birth days and months, an unborn child
    assert Adres.objects.filter(geldig_vanaf__isnull=False).count() > 3
    assert Jeugdige.objects.filter(geboortedatum_precisie="maand").exists() and Jeugdige.objects.filter(geboortedatum_precisie="jaar").exists()
    assert Jeugdige.objects.filter(geboortedatum=None, verwachte_geboortedatum__gt=today).count() == 1

    # names (issue 11): every demo jeugdige has an invented name, kept searchable; some dossiers have a betrokkene
    assert not Jeugdige.objects.filter(Q(voornamen="") | Q(achternaam="") | Q(zoeknaam="")).exists()
    assert {a for _, a in world.DEMO_ACHTERNAMEN} | {"Voorbeeld"} >= set(Jeugdige.objects.values_list("achternaam", flat=True))
    voorbeeld = Jeugdige.objects.filter(achternaam="Voorbeeld", tussenvoegsel="de").first()
    assert voorbeeld is not None and Jeugdige.objects.filter(zoeknaam__contains="de voorbeeld").exists()
    assert 0.2 < Betrokkene.objects.values("dossier").distinct().count() / Dossier.objects.count() < 0.6

    # a team's working day (issue 11), through the services, audited: three moves (one from another gemeente into Leiden), one
    # contact edited, one deleted, one attached to a dossier, a sibling added to a family dossier, two dossiers and one
    # jeugdige without dossier handed over to another team
    assert Correctie.objects.filter(soort=CorrectieSoort.VERHUIZING).count() == 3
    into_leiden = [m for m in Adres.objects.filter(gemeente="0546", geldig_vanaf__gte=today - timedelta(days=45))
                   if Adres.objects.filter(jeugdige=m.jeugdige).exclude(gemeente="0546").exists()]
    assert into_leiden
    assert {soort: Correctie.objects.filter(soort=soort).count() for soort in (
        CorrectieSoort.CONTACT_GEWIJZIGD, CorrectieSoort.CONTACT_VERWIJDERD, CorrectieSoort.CONTACT_GEKOPPELD)} == {
        CorrectieSoort.CONTACT_GEWIJZIGD: 1, CorrectieSoort.CONTACT_VERWIJDERD: 1, CorrectieSoort.CONTACT_GEKOPPELD: 1}
    ok = AuditLog.objects.filter(result=AuditLog.Result.OK)
    assert ok.filter(action=Action.GEZINSLID_TOEVOEGEN).count() == 1
    handovers = AuditLog.objects.filter(action__in=[Action.DOSSIER_OVERDRAGEN, Action.JEUGDIGE_OVERDRAGEN])
    assert Counter(handovers.values_list("action", "result")) == Counter({
        (Action.DOSSIER_OVERDRAGEN, "ok"): 2, (Action.JEUGDIGE_OVERDRAGEN, "ok"): 1})
    to_noord = handovers.get(action=Action.DOSSIER_OVERDRAGEN, detail__nieuw__team=Team.objects.get(naam="JGT Leiden Noord").pk)
    assert to_noord.detail["nieuw"]["regiehouder"] == User.objects.get(username="demo-professional").pk
    assert not AuditLog.objects.exclude(result="ok").exists()  # no service refused a step

    # what waits on /team, asked today through the services: the open closure requests, waakvlam dossiers whose evaluation is
    # due, and a referral waiting over each of 30, 60 and 90 days
    gevraagd = Dossier.objects.filter(afsluiting_gevraagd_op__isnull=False)
    assert gevraagd.exists() and ok.filter(action=Action.DOSSIER_AFSLUITING_VRAGEN).count() == gevraagd.count()
    assert {timezone.localtime(d.afsluiting_gevraagd_op).date() for d in gevraagd} == {today}
    waakvlam = [a.object_id for a in ok.filter(action=Action.DOSSIER_WAAKVLAM)]
    assert len(waakvlam) == world.WAAKVLAM_TE_BEOORDELEN
    assert all(d.status == Status.WAAKVLAM and d.evaluatiedatum < today for d in Dossier.objects.filter(pk__in=waakvlam))
    assert ok.filter(action=Action.DOORVERWIJZING_REGISTREREN).count() == 3
    waiting = Doorverwijzing.objects.filter(status=VerwijzingStatus.VERWEZEN, datum__in=[today - timedelta(days=n) for n in world.WACHTENDE_VERWIJZINGEN])
    assert sorted((today - v.datum).days for v in waiting) == list(world.WACHTENDE_VERWIJZINGEN)

    # referral outcomes (issue 12): each status date between the referral and today, a reason where one is needed, some
    # bridged, the recent ones still waiting (generate_load's world of 2,000 dossiers shows every outcome)
    verwijzingen = list(Doorverwijzing.objects.all())
    assert {VerwijzingStatus.GESTART, VerwijzingStatus.VERWEZEN} <= {v.status for v in verwijzingen}
    assert all(v.datum <= v.status_sinds <= today for v in verwijzingen)
    assert all(bool(v.reden) == (v.status in ("afgewezen", "niet_gestart")) for v in verwijzingen)
    assert any(v.overbrugging for v in verwijzingen)

    statuses = Counter(Dossier.objects.values_list("status", flat=True))
    assert set(statuses) == set(Status.values)
    assert statuses[Status.AFGESLOTEN] > statuses[Status.ACTIEF] > statuses[Status.WAAKVLAM]
    assert StatusWijziging.objects.filter(van=Status.AFGESLOTEN, naar=Status.ACTIEF).exists()  # reopened

    last_contact = dict(Dossier.objects.annotate(last=Max("contacten__datum")).values_list("id", "last"))
    for dossier in Dossier.objects.prefetch_related("jeugdigen", "statusgeschiedenis", "hulpperiodes"):
        assert first_day <= dossier.aanmelddatum <= dossier.status_sinds <= today
        history = list(dossier.statusgeschiedenis.all())
        assert history[-1].naar == dossier.status and history[-1].datum == dossier.status_sinds
        in_order_of_registration = [h.datum for h in sorted(history, key=lambda h: h.id)]
        assert in_order_of_registration == sorted(in_order_of_registration)
        if dossier.status == Status.AFGESLOTEN:
            assert dossier.einddatum == dossier.status_sinds
            assert dossier.reden_beeindiging in RedenBeeindiging.values
            assert dossier.doelen_bereikt and dossier.zonder_hulp_verder
            assert last_contact[dossier.id] is None or dossier.einddatum >= last_contact[dossier.id]
        else:
            assert dossier.einddatum is None and dossier.reden_beeindiging == ""
        if dossier.status == Status.WAAKVLAM:
            assert dossier.status_sinds < dossier.evaluatiedatum <= add_months(dossier.status_sinds, 6)

        # at most one hulpperiode per stretch of actief (2027.1: none while the stretch has no hulpcontact), from its first
        # hulpcontact on; only an actief dossier has a running one
        starts = [h.datum for h in history if h.naar == Status.ACTIEF]
        for jeugdige in dossier.jeugdigen.all():
            periods = sorted((p for p in dossier.hulpperiodes.all() if p.jeugdige_id == jeugdige.id), key=lambda p: p.volgnummer)
            assert [p.actief_sinds for p in periods] == [s for s in starts if s in {p.actief_sinds for p in periods}]
            assert all(p.start >= p.actief_sinds and (p.einde is None or p.einde >= p.start) for p in periods)
            running = [p for p in periods if p.einde is None]
            assert len(running) <= (dossier.status == Status.ACTIEF)
            if running:
                assert running[0] is periods[-1]
            if dossier.status == Status.AFGESLOTEN and history[-1].van == Status.ACTIEF and periods and periods[-1].actief_sinds == starts[-1]:
                assert periods[-1].einde_door == "afsluiting" and periods[-1].reden_beeindiging == dossier.reden_beeindiging

    before = snapshot()
    out = seed("--schaal", SCHAAL)
    assert snapshot() == before
    assert "geen registraties toegevoegd" in out and "make clean-db" in out


def hulpperiode_rows(*, zonder: tuple[str, ...] = ()) -> list[tuple]:
    """Every stored hulpperiode, in the columns the load writes (no serial key), minus `zonder`, in a fixed order."""
    columns = [c for c in load.TABLES["cases_hulpperiode"] if c not in zonder]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)} FROM cases_hulpperiode ORDER BY dossier_id, jeugdige_id, volgnummer")
        return cursor.fetchall()


def test_the_seeds_hulpperiodes_are_what_rebuild_stores(db, no_demo_password):
    """Issue 13: the history's hulpperiodes (derived by the load) and the working day's (stored by the services) are the rows
    `cases.hulpperiodes.rebuild` stores: rebuilding every dossier changes nothing, and so does deriving them from scratch
    (apart from the mark of a correction, which only a correction sets)."""
    seed("--schaal", "0.03")
    stored = hulpperiode_rows()
    assert len(stored) > 100
    assert sum(hulpperiodes.rebuild(dossier) for dossier in Dossier.objects.all()) == 0
    assert hulpperiode_rows() == stored

    without_mark = hulpperiode_rows(zonder=("gecorrigeerd_op",))
    Hulpperiode.objects.all().delete()
    for dossier in Dossier.objects.all():
        hulpperiodes.rebuild(dossier)
    assert hulpperiode_rows(zonder=("gecorrigeerd_op",)) == without_mark


def history_lines(seed_value: int) -> dict[str, list[str]]:
    spec = load.build_spec(dossiers=per_jaar(0.02) * world.SEED_JAREN, seed=seed_value, jaren=world.SEED_JAREN,
                           tot=timezone.localdate(), lang_dossier=False, afsluitverzoeken=False, dichte_hulp=False)
    return load.chunk_rows(spec, 0).lines


def test_same_seed_and_day_give_the_same_registrations(db, no_demo_password):
    seed("--organisation-only")
    today = timezone.localdate()
    assert history_lines(7) == history_lines(7)
    assert history_lines(7)["cases_contact"] != history_lines(8)["cases_contact"]

    def plan_fingerprint():
        seeder = world.RegistrationSeeder(today=today, schaal=0.02, seed=7)
        plans = []
        for spec, team, members in seeder.organisation()[:3]:
            for scenario in ("afgesloten", "waakvlam", "heropend"):
                plan = seeder.new_plan(spec, team, members, scenario)
                seeder.place(plan)
                plans.append([(d, e.kind, e.kw.get("hulpsoort")) for d, e in plan.dated] + [plan.regiehouder.username])
        return plans

    assert plan_fingerprint() == plan_fingerprint()


def synchronous_commit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return cursor.fetchone()[0]


def test_every_service_call_runs_outside_an_outer_transaction_with_fast_commits(db, no_demo_password, monkeypatch):
    """The services are durable transactions: the working day may not wrap them in one of its own."""
    seed("--organisation-only")
    outside, setting = len(connection.atomic_blocks), synchronous_commit()
    seen = set()
    contact_register = services.contact_register

    def spy(**kw):
        seen.add((len(connection.atomic_blocks) - outside, synchronous_commit()))
        return contact_register(**kw)

    monkeypatch.setattr(services, "contact_register", spy)
    seed("--schaal", "0.01")
    assert seen == {(0, "off")}
    assert synchronous_commit() == setting


def test_an_interrupted_seed_keeps_what_it_made_and_says_how_to_start_over(db, no_demo_password, monkeypatch):
    def refuse(self, *args):
        raise RuntimeError("De service weigerde een stap.")

    monkeypatch.setattr(world.RegistrationSeeder, "pending_on_team", refuse)
    with pytest.raises(CommandError, match="De service weigerde een stap. Wat tot dan toe geregistreerd was, is bewaard.*make clean-db"):
        seed("--schaal", "0.01")
    assert Dossier.objects.exists() and Contact.objects.exists() and Correctie.objects.exists()

    monkeypatch.undo()
    before = snapshot()
    out = seed("--schaal", "0.01")
    assert snapshot() == before
    assert "geen registraties toegevoegd" in out and "make clean-db" in out


# --- the production guard ------------------------------------------------------------------------------------


def test_seed_demo_refuses_to_run_without_debug_unless_told_so(db, no_demo_password):
    with pytest.raises(CommandError, match=r"seed_demo schrijft verzonnen kinderen.*DEBUG=true.*Er is niets geschreven.*--ik-weet-het-zeker"):
        call_command("seed_demo", stdout=StringIO())
    assert not User.objects.exists() and not Dossier.objects.exists()


def test_seed_demo_runs_with_debug_on(db, no_demo_password, settings):
    settings.DEBUG = True
    call_command("seed_demo", "--organisation-only", stdout=StringIO())
    assert User.objects.filter(username="demo-professional").exists()


def test_generate_load_refuses_to_run_without_debug_unless_told_so(db):
    with pytest.raises(CommandError, match=r"generate_load schrijft verzonnen kinderen.*--ik-weet-het-zeker"):
        call_command("generate_load", "--dossiers", "5", "--workers", "0", stdout=StringIO())
    assert not User.objects.exists() and not Dossier.objects.exists()


# --- the second factor of the demo logins ------------------------------------------------------------------------


def test_every_demo_login_gets_the_shared_demo_app(db, no_demo_password):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    seed("--organisation-only")
    keys = set(TOTPDevice.objects.filter(user__username__in=EXPECTED_LOGINS, confirmed=True).values_list("key", flat=True))
    assert keys == {world.demo_totp_key()}


def test_seed_prints_the_demo_apps_key_and_uri(db, no_demo_password):
    out = seed("--organisation-only")
    assert world.totp_secret(world.demo_totp_key()) in out and world.totp_uri(world.demo_totp_key()) in out


def test_a_demo_login_with_an_app_of_its_own_keeps_it(db, no_demo_password):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    seed("--organisation-only")
    TOTPDevice.objects.filter(user__username="demo-gemeente").update(name="Eigen app", key="ab" * 20)
    out = seed("--organisation-only")
    assert TOTPDevice.objects.get(user__username="demo-gemeente").key == "ab" * 20 and "eigen app" in out


def test_demo_code_passes_the_code_page(client, db, no_demo_password):
    seed("--organisation-only")
    out = StringIO()
    call_command("demo_code", "demo-teamleider", stdout=out, stderr=StringIO())
    client.password_only_login(User.objects.get(username="demo-teamleider"))
    response = client.post("/inloggen/tweede-factor", {"code": out.getvalue().strip()})
    assert response.status_code == 302 and client.get("/team").status_code == 200


def test_demo_code_prints_a_qr_code(db, no_demo_password):
    seed("--organisation-only")
    out = StringIO()
    call_command("demo_code", "--qr", stdout=out)
    assert out.getvalue().count("\n") > 20


def test_demo_code_is_only_for_demo_logins(db, teamleider):
    with pytest.raises(CommandError, match="geen demo-login"):
        call_command("demo_code", "tessa")


# --- wijken as postcode ranges (issue 12) -------------------------------------------------------------------------

#: the pc4s of the four gemeenten, each gemeente's whole span
DEMO_PC4 = {"0546": range(2311, 2335), "0579": range(2340, 2344), "0547": range(2350, 2354), "0638": range(2380, 2383)}


def test_every_postcode_of_the_four_gemeenten_lies_in_exactly_one_wijk(db, no_demo_password):
    from string import ascii_uppercase

    from jgt_registratie import wijken

    seed("--organisation-only")
    assert dict(Counter(Wijk.objects.values_list("gemeente", flat=True))) == {"0546": 10, "0547": 5, "0579": 5, "0638": 3}
    bereiken = wijken.bestaande_bereiken()
    gemeente_van = dict(Wijk.objects.values_list("code", "gemeente"))
    for gemeente, pc4s in DEMO_PC4.items():
        for pc4 in map(str, pc4s):
            assert len([b for b in bereiken if not b.pc6 and b.holds(pc4 + "AA")]) == 1, pc4  # one pc4 range, of any gemeente
            for letters in (a + b for a in ascii_uppercase for b in ascii_uppercase):
                postcode = pc4 + letters
                assert len([b for b in bereiken if b.pc6 and b.holds(postcode)]) <= 1, postcode
                wijk = wijken.wijk_van(bereiken, gemeente, postcode)
                assert wijk is not None and gemeente_van[wijk] == gemeente, postcode


def test_every_postcode_the_seed_registers_lies_in_a_wijk_of_its_gemeente(db, no_demo_password):
    from jgt_registratie import wijken

    seed("--schaal", SCHAAL)
    bereiken = wijken.bestaande_bereiken()
    adressen = list(Adres.objects.exclude(postcode="").values_list("gemeente", "postcode"))
    assert len(adressen) > 20
    assert [(g, pc) for g, pc in adressen if wijken.wijk_van(bereiken, g, pc) is None] == []

    # the reports read them so: the SQL rule (wijk_op) gives each jeugdige's current address the same wijk as the Python one
    from reporting.indicators.base import wijk_op

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT j.id, {wijk_op('j.id', 'current_date')} FROM cases_jeugdige j")
        in_sql = dict(cursor.fetchall())
    for jeugdige in Jeugdige.objects.all():
        adres = jeugdige.huidig_adres
        assert in_sql[jeugdige.id] == (wijken.wijk_van(bereiken, adres.gemeente_id, adres.postcode) or "onbekend"), jeugdige.id
    assert set(in_sql.values()) - {"onbekend"} <= set(Wijk.objects.values_list("code", flat=True))

    from reporting.indicators import indicators_compute
    from reporting.periods import Periode

    (i01,) = indicators_compute(Periode.jaar(timezone.localdate().year), ["0546"], codes=["I01"])
    assert [c.categorie for c in i01.uitsplitsingen] == [f"WK0546{n:02d}" for n in range(10)] + ["onbekend"]
    assert sum(c.waarde for c in i01.uitsplitsingen) == i01.totaal.waarde > 0
