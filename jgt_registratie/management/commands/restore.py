"""`manage.py restore FILE` (`make restore BESTAND=...`): put a backup back, after confirmation unless --force."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from jgt_registratie.audit_chain import verify
from jgt_registratie.backup import BackupError, describe, restore


class Command(BaseCommand):
    help = ("Zet een backup (van manage.py backup) terug: alle tabellen van de backup worden vervangen, in één transactie. "
            "Stop eerst de app. Vraagt om bevestiging, tenzij --force.")

    def add_arguments(self, parser):
        parser.add_argument("bestand", type=Path)
        parser.add_argument("--force", action="store_true", help="niet om bevestiging vragen")

    def handle(self, *args, bestand, force, **options):
        try:
            description = describe(bestand)
            if not force:
                self.stdout.write(f"Dit vervangt alle gegevens in database '{connection.settings_dict['NAME']}' door die uit {bestand} "
                                  f"({description}). Wat na de backup is vastgelegd, gaat verloren.")
                try:
                    answer = input("Typ 'ja' om door te gaan: ")
                except EOFError:
                    self.stdout.write("")
                    answer = ""
                if answer.strip().lower() != "ja":
                    raise CommandError("Terugzetten afgebroken; er is niets veranderd.")
            restore(bestand)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Teruggezet: {bestand} ({description}).")
        uitkomst = verify()
        if not uitkomst.heel:
            raise CommandError(f"Teruggezet, maar de auditketen is gebroken bij {uitkomst.breuk}")
        self.stdout.write(f"Auditketen in orde: {uitkomst.regels} regels.")
