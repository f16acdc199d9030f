from django.core.management.base import BaseCommand, CommandError

from jgt_registratie import tokens
from jgt_registratie.errors import DomainError
from jgt_registratie.models import User


class Command(BaseCommand):
    help = "Revoke a user's API token at once (audited); it answers 401 from then on."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Gebruiker '{username}' bestaat niet.")
        try:
            tokens.revoke_token(user=None, target=user)
        except DomainError as exc:
            raise CommandError(exc.detail) from exc
        self.stdout.write(f"Het API-token van '{username}' is ingetrokken.")
