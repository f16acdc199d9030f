"""factory_boy factories for the organisation. Case data is made through the services, as in production."""

import factory

from jgt_registratie.models import Gemeente, Role, Team, User

PASSWORD = "correct-horse-battery-staple"


class GemeenteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Gemeente
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"{9000 + n:04d}")
    naam = factory.Sequence(lambda n: f"Gemeente {n}")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ["naam"]
        skip_postgeneration_save = True

    naam = factory.Sequence(lambda n: f"JGT Team {n}")

    @factory.post_generation
    def gemeenten(self, create, extracted, **kwargs):
        if create and extracted:
            self.gemeenten.set(extracted)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    role = Role.PROFESSIONAL
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def teams(self, create, extracted, **kwargs):
        if create and extracted:
            self.teams.set(extracted)

    @factory.post_generation
    def gemeenten(self, create, extracted, **kwargs):
        if create and extracted:
            self.gemeenten.set(extracted)


# --- the second factor ---------------------------------------------------------------------------------------------


def authenticator_app(user):
    """The person's confirmed TOTP app (django-otp), made when missing: as if they enrolled earlier."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="Authenticator-app", confirmed=True)


def app_code(device) -> str:
    """The code the app shows now, computed with django-otp from the device's key. A code works once: a second login
    within the same 30 seconds takes the next step's code, which the server accepts (tolerance 1)."""
    from django_otp.oath import TOTP, hotp

    device.refresh_from_db()
    now = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).t()
    step = max(now, device.last_t + 1)
    assert step <= now + device.tolerance, "a third login of one person within 30 seconds: the app has no unused code yet"
    return f"{hotp(device.bin_key, step, device.digits):0{device.digits}d}"
