"""`statline_laden <bestand>`: load the CBS StatLine figures of a CSV, as the beheer page does (the same service)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jgt_registratie.errors import InvalidInput
from reporting import statline
from reporting.services import statline_laden


class Command(BaseCommand):
    help = (f"Laad de StatLine-cijfers per gemeente en jaar uit een CSV-bestand met de kopregel {statline.KOPREGEL} "
            "(ook met ';' gescheiden). Alles of niets: bij één foute regel wordt niets geladen en ziet u alle fouten. "
            "Vastgelegd in de auditlog.")

    def add_arguments(self, parser):
        parser.add_argument("bestand", help="Het CSV-bestand (UTF-8, met of zonder BOM).")

    def handle(self, *args, bestand, **options):
        pad = Path(bestand)
        try:
            inhoud = pad.read_bytes()
        except OSError as exc:
            raise CommandError(f"Het bestand '{bestand}' kan niet worden gelezen: {exc.strerror or exc}.") from exc
        try:
            resultaat = statline_laden(user=None, inhoud=inhoud, bestandsnaam=pad.name)
        except InvalidInput as exc:
            for _, _, reden in exc.errors:
                self.stderr.write(reden)
            aantal = len(exc.errors)
            raise CommandError(f"Er is niets geladen: {aantal} {'fout' if aantal == 1 else 'fouten'} in '{bestand}'.") from exc
        self.stdout.write(resultaat.zin())
