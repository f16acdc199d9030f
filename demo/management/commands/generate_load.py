"""`generate_load`: years of registrations for the demo organisation, written with COPY (see `demo.load`)."""

import os
import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from demo import guard, load, world


def _date(value: str) -> date:
    return date.fromisoformat(value)


class Command(BaseCommand):
    help = (
        "Laad synthetische registraties voor de demo-organisatie (belastingtest): N dossiers over een aantal jaren, met "
        "contacten, doorverwijzingen en afgeleide hulpperiodes, geschreven met COPY. Voegt toe aan wat er al is. "
        "Alleen met DEBUG=true, of met --ik-weet-het-zeker."
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
        guard.add_argument(parser)

    def handle(self, *args, dossiers, seed, jaren, tot, groot_team, workers, chunk, ik_weet_het_zeker=False, **options):
        guard.refuse_outside_debug("generate_load", ik_weet_het_zeker)
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


def build_spec(**kw) -> load.LoadSpec:
    try:
        return load.build_spec(**kw)
    except LookupError as exc:
        raise CommandError(str(exc)) from exc


connection_params = load.connection_params
analyse = load.analyse
