"""`demo_code`: the code of this moment of a demo login's demo app (see `demo.world`), for a demo without a phone;
with `--qr` the demo app's QR code in the terminal, to scan into an authenticator app."""

import io

import qrcode
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from demo import world


class Command(BaseCommand):
    help = "Toon de code van dit moment van de demo-app van een demo-login (standaard demo-professional), of met --qr de QR-code."

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?", default=world.LOGINS[0].username)
        parser.add_argument("--qr", action="store_true", help="Toon de QR-code van de demo-app om in een authenticator-app te scannen.")

    def handle(self, *args, username, qr=False, **options):
        if username not in {login.username for login in world.LOGINS}:
            raise CommandError(f"'{username}' is geen demo-login. Demo-logins: {', '.join(login.username for login in world.LOGINS)}.")
        device = TOTPDevice.objects.filter(user__username=username, confirmed=True, name=world.DEMO_APP_NAME).first()
        if device is None:
            raise CommandError(f"'{username}' heeft geen demo-app (nog geen seed_demo, of een eigen app ingesteld).")
        if qr:
            code = qrcode.QRCode(border=2)
            code.add_data(world.totp_uri(device.key))
            text = io.StringIO()
            code.print_ascii(out=text, invert=True)
            self.stdout.write(text.getvalue())
            return
        self.stdout.write(world.totp_code(device.key))
        self.stderr.write("Geldig tot de volgende halve minuut; een code werkt één keer per login.", style_func=lambda text: text)
