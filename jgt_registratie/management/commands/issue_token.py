from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token

from jgt_registratie.audit import audit_record
from jgt_registratie.models import User


class Command(BaseCommand):
    help = "Print an API token for an existing, active user (created when the user has none)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Gebruiker '{username}' bestaat niet.")
        if not user.is_active:
            raise CommandError(f"Gebruiker '{username}' is gedeactiveerd; er wordt geen token uitgegeven.")
        token, created = Token.objects.get_or_create(user=user)
        if created:
            audit_record(user=user, action="token_uitgeven", object_type="gebruiker", object_id=user.pk)
        self.stdout.write(token.key)
