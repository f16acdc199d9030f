"""`seed_demo`: the Leidse regio, its demo logins and four years of registrations (see `demo.world`): the history with
COPY (`demo.load`), then a working day through the services. Refused with DEBUG off unless explicitly allowed (`demo.guard`)."""

import argparse

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from demo import guard, world

START_OVER = "Opnieuw beginnen met een lege registratie? `make clean-db` gooit de lokale database weg; `make run` maakt alles opnieuw aan."
KEPT = " Wat tot dan toe geregistreerd was, is bewaard. " + START_OVER


def _schaal(value: str) -> float:
    try:
        schaal = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is geen getal.") from None
    if not 0 < schaal <= 5:
        raise argparse.ArgumentTypeError("De schaal ligt tussen 0 (niet inbegrepen) en 5.")
    return schaal


class Command(BaseCommand):
    help = (
        "Maak de demo-organisatie (Leidse regio), de demo-logins en vier jaar registraties aan: de geschiedenis in één keer "
        "(COPY), daarna een werkdag via de gewone services. Idempotent: wat er al is, blijft ongewijzigd; registraties alleen "
        "in een lege registratie. Een afgebroken run bewaart wat al gemaakt was. Alleen met DEBUG=true, of met --ik-weet-het-zeker."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organisation-only", action="store_true",
                            help="Alleen gemeenten, wijken, teams en gebruikers; geen registraties.")
        parser.add_argument("--schaal", type=_schaal, default=1.0,
                            help="Volume van de registraties ten opzichte van de Leidse praktijk (standaard 1.0; bijvoorbeeld 0.02 voor tests).")
        parser.add_argument("--seed", type=int, default=world.DEFAULT_SEED,
                            help=f"Startwaarde van het toeval: dezelfde seed, schaal en dag geven dezelfde registraties (standaard {world.DEFAULT_SEED}).")
        guard.add_argument(parser)

    def handle(self, *args, organisation_only=False, schaal=1.0, seed=world.DEFAULT_SEED, ik_weet_het_zeker=False, **options):
        guard.refuse_outside_debug("seed_demo", ik_weet_het_zeker)
        password = world.password_from_env()
        try:
            with translation.override("nl"):
                world.check_password_acceptable(password)
        except world.DemoPasswordInvalid as exc:
            raise CommandError("DEMO_PASSWORD is niet geschikt: " + " ".join(exc.messages)) from exc

        result = world.ensure_organisation(password)
        made = ", ".join(f"{n} {what}" for what, n in result.created.items() if n)
        if made:
            self.stdout.write(f"Organisatie aangevuld: {made}.")
        else:
            self.stdout.write("Organisatie en gebruikers bestaan al; niets gewijzigd.")

        if organisation_only:
            self.stdout.write("Geen registraties gemaakt (--organisation-only).")
        elif world.registrations_exist():
            self.stdout.write("Er zijn al registraties; er worden geen registraties toegevoegd. " + START_OVER)
        else:
            seeder = world.RegistrationSeeder(today=timezone.localdate(), schaal=schaal, seed=seed, progress=self._progress)
            try:
                summary = seeder.run()
            # every service call commits on its own: what was registered before a stop stays
            except RuntimeError as exc:
                raise CommandError(str(exc) + (KEPT if world.registrations_exist() else "")) from exc
            except KeyboardInterrupt as exc:
                raise CommandError("Afgebroken." + KEPT) from exc
            self.stdout.write(self.style.SUCCESS(
                f"Klaar: {summary.dossiers} dossiers en {summary.contacten} contacten in {summary.duur_seconden:.0f} seconden."
            ))
            self.stdout.write("")
            self.stdout.write(world.format_table(("Registratie", "Aantal"), [(k, str(v)) for k, v in world.registration_counts()]))

        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING("Demo-logins"))
        self.stdout.write(world.format_table(("Gebruikersnaam", "Rol", "Team of gemeente", "Wachtwoord", "Tweede factor"),
                                             world.login_rows(result, password)))
        if password == world.DEFAULT_PASSWORD:
            self.stdout.write("Wachtwoord aanpassen? Zet DEMO_PASSWORD vóór de eerste keer seed_demo.")
        self._second_factor(result)

    def _second_factor(self, result) -> None:
        keys = sorted(set(world.demo_app_keys(result.logins).values()))
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING("Tweede factor van de demo-logins"))
        if not keys:
            self.stdout.write("Elke demo-login heeft een eigen app ingesteld; daarmee logt u in.")
            return
        self.stdout.write("Na het wachtwoord vraagt de site een code uit een authenticator-app. De demo-logins met 'demo-app' delen één")
        self.stdout.write("app: voeg er één account voor toe, met de sleutel (tijdgebaseerd, 6 cijfers) of de URI (als QR-code):")
        for key in keys:
            self.stdout.write(f"  sleutel: {world.totp_secret(key)}")
            self.stdout.write(f"  URI:     {world.totp_uri(key)}")
        self.stdout.write("Zonder app: `.venv/bin/python manage.py demo_code [gebruikersnaam]` toont de code van dit moment.")

    def _progress(self, message: str) -> None:
        self.stdout.write(message)
        self.stdout.flush()
