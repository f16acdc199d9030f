"""`manage.py audit_verify`: walk the audit log's hash chain; a broken link is reported and exits non-zero."""

import re

from django.core.management.base import BaseCommand, CommandError

from jgt_registratie.audit_chain import verify

ANKER = re.compile(r"^([1-9][0-9]*):([0-9a-f]{64})$")


class Command(BaseCommand):
    help = ("Controleer de hashketen van het auditlog: meldt de eerste gebroken schakel (verwijderde, gewijzigde of buiten de "
            "keten toegevoegde regels) en eindigt dan met een foutcode.")

    def add_arguments(self, parser):
        parser.add_argument("--anker", action="append", default=[], metavar="NR:HASH",
                            help="een eerder genoteerd ketennummer met zijn hash (de uitvoer van een vorige controle); "
                                 "zo valt ook een vanaf het begin herschreven keten op. Mag vaker.")

    def handle(self, *args, anker, **options):
        ankers = {}
        for text in anker:
            match = ANKER.match(text.strip())
            if match is None:
                raise CommandError(f"Ongeldig anker '{text}': verwacht NR:HASH, bijvoorbeeld 1200:<64 hexadecimale tekens>.")
            ankers[int(match[1])] = match[2]
        uitkomst = verify(ankers=ankers)
        if not uitkomst.heel:
            raise CommandError(f"Auditketen gebroken bij {uitkomst.breuk}")
        message = f"Auditketen in orde: {uitkomst.regels} regels."
        if uitkomst.regels:
            message += f" Anker voor een volgende controle (bewaar het buiten de database): {uitkomst.laatste_nr}:{uitkomst.laatste_hash}"
        self.stdout.write(message)
