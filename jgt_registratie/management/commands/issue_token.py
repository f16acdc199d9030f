import math

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from jgt_registratie import tokens
from jgt_registratie.errors import DomainError
from jgt_registratie.models import User


class Command(BaseCommand):
    help = ("Print the API token of an existing, active user: the valid one, or a new one when there is none or it "
            "expired (API_TOKEN_DAGEN days after it was issued). The key goes to stdout, its expiry to stderr.")

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--vernieuwen", action="store_true", help="Vervang een geldig token door een nieuw (het oude werkt dan niet meer).")

    def handle(self, *args, username, vernieuwen=False, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Gebruiker '{username}' bestaat niet.")
        try:
            issued = tokens.issue_token(target=user, renew=vernieuwen)
        except DomainError as exc:
            raise CommandError(exc.detail) from exc
        self.stdout.write(issued.key)
        days = math.ceil((issued.expires_at - timezone.now()).total_seconds() / 86400)
        self.stderr.write(f"{'Nieuw token' if issued.new else 'Bestaand token'}; geldig tot "
                          f"{timezone.localtime(issued.expires_at):%d-%m-%Y %H:%M} (nog {days} dagen).", style_func=lambda text: text)
