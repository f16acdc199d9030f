"""`manage.py backup` (`make backup`): a pg_dump of the whole database into var/backups (BACKUP_DIR), with a timestamp."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jgt_registratie.backup import BackupError, backup


class Command(BaseCommand):
    help = "Maak een backup van de database (pg_dump, custom-formaat) in BACKUP_DIR (standaard var/backups)."

    def add_arguments(self, parser):
        parser.add_argument("--map", dest="directory", type=Path, default=None, help="een andere map dan BACKUP_DIR")

    def handle(self, *args, directory, **options):
        try:
            made = backup(directory)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Backup gemaakt: {made.path} ({made.size} bytes, sha256 {made.sha256})")
