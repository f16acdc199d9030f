"""`generate_load`: years of registrations for the demo organisation, written with COPY (see `demo.load`)."""

import os
import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from demo import load, world
from jgt_registratie.db_roles import as_owner
from jgt_registratie.models import Role, Team


def _date(value: str) -> date:
    return date.fromisoformat(value)


class Command(BaseCommand):
    help = (
        "Laad synthetische registraties voor de demo-organisatie (belastingtest): N dossiers over een aantal jaren, met "
        "contacten, doorverwijzingen en afgeleide hulpperiodes, geschreven met COPY. Voegt toe aan wat er al is."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dossiers", type=int, required=True, help="Aantal dossiers.")
        parser.add_argument("--seed", type=int, default=world.DEFAULT_SEED, help="Startwaarde: dezelfde seed en omvang geven dezelfde gegevens.")
        parser.add_argument("--jaren", type=int, default=5, help="Over hoeveel jaren (standaard 5).")
        parser.add_argument("--tot", type=_date, default=None, help="Laatste dag (jjjj-mm-dd; standaard vandaag).")
        parser.add_argument("--groot-team", type=int, default=0,
                            help=f"Zoveel van de dossiers in één team ({load.BIG_TEAM}: JGT Leiden Noord), voor de lijst van een groot team.")
        parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="Processen die genereren en laden (0: in dit proces).")
        parser.add_argument("--chunk", type=int, default=load.CHUNK, help="Dossiers per COPY-transactie.")

    def handle(self, *args, dossiers, seed, jaren, tot, groot_team, workers, chunk, **options):
        if dossiers < 1 or jaren < 1 or chunk < 1:
            raise CommandError("--dossiers, --jaren en --chunk zijn ten minste 1.")
        started = time.perf_counter()
        world.ensure_organisation(world.password_from_env())
        spec = build_spec(dossiers=dossiers, seed=seed, jaren=jaren, tot=tot or timezone.localdate(),
                          groot_team=min(groot_team, dossiers), chunk=chunk)
        with connection.cursor() as cursor:
            missing = load.check_columns(cursor)
        if missing:
            raise CommandError(f"Deze kolommen kent generate_load niet (nieuwe migratie?): {', '.join(missing)}")
        self.stdout.write(f"{dossiers} dossiers laden ({spec.start:%d-%m-%Y} tot en met {spec.tot:%d-%m-%Y}, seed {seed}, "
                          f"{workers or 'geen'} werkprocessen) ...")

        def progress(done, total, counts):
            self.stdout.write(f"  {done}/{total} delen, {counts['cases_contact']} contacten, {time.perf_counter() - started:.0f} s")

        if workers == 0:
            with connection.cursor() as cursor:
                counts = load.run_in_process(spec, cursor.cursor)
            generating = copying = None
        else:
            conninfo = connection_params()
            connection.close()  # no socket shared with the forked workers
            counts, generating, copying = load.run_in_pool(spec, conninfo, workers, progress)
        loaded = time.perf_counter()
        analyse()
        finished = time.perf_counter()
        self.stdout.write(world.format_table(("tabel", "rijen"), [(t, str(counts[t])) for t in load.TABLES]))
        timing = f"Klaar in {finished - started:.1f} s (laden {loaded - started:.1f} s, ANALYZE {finished - loaded:.1f} s"
        if generating is not None:
            timing += f"; opgeteld over de werkprocessen: genereren {generating:.1f} s, COPY {copying:.1f} s"
        self.stdout.write(self.style.SUCCESS(timing + ")."))


def build_spec(*, dossiers: int, seed: int, jaren: int, tot: date, groot_team: int = 0, chunk: int = load.CHUNK) -> load.LoadSpec:
    """The load's parameters and the organisation's keys (it must exist: `world.ensure_organisation`)."""
    teams = []
    for team_spec in world.TEAMS:
        team = Team.objects.filter(naam=team_spec.naam).first()
        if team is None:
            raise CommandError(f"Team '{team_spec.naam}' ontbreekt.")
        members = list(team.leden.filter(is_active=True).order_by("username"))
        professionals = tuple(load.Staff(u.pk, u.username) for u in members if u.role == Role.PROFESSIONAL)
        teamleider = next((load.Staff(u.pk, u.username) for u in members if u.role == Role.TEAMLEIDER), None)
        if not professionals or teamleider is None:
            raise CommandError(f"Team '{team_spec.naam}' heeft geen professional of teamleider.")
        teams.append(load.TeamOrg(team.pk, team_spec, professionals, teamleider))
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM cases_dossier")
        (base,) = cursor.fetchone()
        cursor.execute("SELECT bsn FROM cases_jeugdige WHERE bsn IS NOT NULL")
        taken = frozenset(bsn for (bsn,) in cursor.fetchall())
    return load.LoadSpec(seed=seed, dossiers=dossiers, tot=tot, jaren=jaren, base=base, groot_team=groot_team,
                         teams=tuple(teams), taken_bsns=taken, chunk=chunk)


def connection_params() -> dict:
    """What psycopg.connect needs to reach this database as the application role (from Django's own settings)."""
    connection.ensure_connection()
    params = connection.get_connection_params()
    return {key: value for key, value in params.items() if isinstance(value, (str, int)) and key not in ("cursor_factory",)}


def analyse() -> None:
    """ANALYZE the loaded tables as the owner (the application role may not); inside a transaction (a test): not."""
    if connection.in_atomic_block:
        return
    with as_owner(connection), connection.cursor() as cursor:
        for table in load.TABLES:
            cursor.execute(f"ANALYZE {table}")
