"""The organisation: gemeenten, wijken, teams, users with one role each, and the audit log."""

from django.contrib.auth.models import AbstractUser
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import IntegerRangeField, RangeOperators
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Func, IntegerField, Q, Value
from django.db.models.functions import Left
from django.db.models.lookups import Exact


class Gemeente(models.Model):
    code = models.CharField("CBS-gemeentecode", max_length=4, primary_key=True)
    naam = models.CharField(max_length=100, unique=True)

    class Meta:
        verbose_name_plural = "gemeenten"
        ordering = ["code"]
        constraints = [models.CheckConstraint(condition=Q(code__regex=r"^[0-9]{4}$"), name="gemeente_code_4_cijfers")]

    def __str__(self):
        return f"{self.naam} ({self.code})"


class Wijk(models.Model):
    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="wijken")
    code = models.CharField("CBS-wijkcode", max_length=8, unique=True)
    naam = models.CharField(max_length=100)

    class Meta:
        verbose_name_plural = "wijken"
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["gemeente", "naam"], name="wijk_naam_uniek_per_gemeente")]

    def __str__(self):
        return self.naam


def _postcode_getal(field: str) -> Func:
    return Func(F(field), function="jgt_postcode_getal", output_field=IntegerField())


class Postcodebereik(models.Model):
    """A range of postcodes of a wijk: pc4 (2311-2315) or, for a split pc4, pc6 (2312AA-2312KZ); see jgt_registratie.wijken.

    Ranges of the same level never overlap (the exclusion constraint, over all gemeenten), so a postcode lies in at most
    one wijk: in the wijk of its pc6 range if there is one, else in that of its pc4 range."""

    wijk = models.ForeignKey(Wijk, on_delete=models.CASCADE, related_name="postcodebereiken")
    van = models.CharField("van", max_length=6, help_text="Vier cijfers (2311) of, voor een gesplitste pc4, vier cijfers en twee letters (2312AA).")
    tot = models.CharField("tot en met", max_length=6, help_text="Even lang als 'van'; een pc6-bereik blijft binnen één pc4.")

    class Meta:
        verbose_name = "postcodebereik"
        verbose_name_plural = "postcodebereiken"
        ordering = ["van"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(van__regex=r"^[1-9][0-9]{3}$", tot__regex=r"^[1-9][0-9]{3}$")
                           | Q(Exact(Left("van", 4), Left("tot", 4)), van__regex=r"^[1-9][0-9]{3}[A-Z]{2}$", tot__regex=r"^[1-9][0-9]{3}[A-Z]{2}$")),
                name="postcodebereik_pc4_of_pc6",
            ),
            models.CheckConstraint(condition=Q(van__lte=F("tot")), name="postcodebereik_van_voor_tot"),
            ExclusionConstraint(
                name="postcodebereik_geen_overlap",
                expressions=[(Func(_postcode_getal("van"), _postcode_getal("tot"), Value("[]"), function="int4range",
                                   output_field=IntegerRangeField()), RangeOperators.OVERLAPS)],
                violation_error_message="Deze postcodes horen al bij een andere wijk.",
                # checked at commit: a form that shrinks one range and widens another saves them one by one
                deferrable=models.Deferrable.DEFERRED,
            ),
        ]

    def __str__(self):
        return self.van if self.van == self.tot else f"{self.van} t/m {self.tot}"

    def clean_fields(self, exclude=None):
        from jgt_registratie import wijken

        self.van, self.tot = wijken.normalise(self.van), wijken.normalise(self.tot)  # '2312 aa' is 2312AA
        super().clean_fields(exclude)

    def clean(self):
        """A range on its own; whether it overlaps another is decided for all rows of a form at once (`overlap_errors`,
        in the beheer form), since a form may move postcodes from one row to another."""
        from jgt_registratie import wijken

        errors: dict[str, list[str]] = {}
        for field, message in wijken.range_errors(self.van, self.tot):
            errors.setdefault(field, []).append(message)
        if errors:
            raise ValidationError(errors)

    def get_constraints(self):
        # Model validation leaves the overlap to `overlap_errors` (see `clean`): checked row by row against the stored
        # rows, the exclusion constraint would refuse a form that shrinks one range and widens another.
        return [(cls, [c for c in constraints if not isinstance(c, ExclusionConstraint)]) for cls, constraints in super().get_constraints()]


class Team(models.Model):
    naam = models.CharField(max_length=100, unique=True)
    gemeenten = models.ManyToManyField(Gemeente, related_name="teams")
    wijken = models.ManyToManyField(Wijk, related_name="teams", blank=True)
    fte = models.DecimalField("fte", max_digits=5, decimal_places=1, null=True, blank=True)
    actief = models.BooleanField(default=True)

    class Meta:
        ordering = ["naam"]

    def __str__(self):
        return self.naam


class Role(models.TextChoices):
    PROFESSIONAL = "professional", "Jeugdprofessional"
    TEAMLEIDER = "teamleider", "Teamleider"
    GEMEENTE = "gemeente", "Gemeente"
    BEHEERDER = "beheerder", "Functioneel beheerder"


class User(AbstractUser):
    role = models.CharField("rol", max_length=20, choices=Role.choices)
    teams = models.ManyToManyField(Team, related_name="leden", blank=True)
    gemeenten = models.ManyToManyField(Gemeente, related_name="gebruikers", blank=True)

    class Meta:
        verbose_name = "gebruiker"
        constraints = [models.CheckConstraint(condition=Q(role__in=Role.values), name="user_rol_geldig")]

    def __str__(self):
        return self.get_full_name() or self.username


class AuditLog(models.Model):
    """Append-only (NEN 7513): the application's database role may only INSERT and SELECT (jgt_registratie/db_roles.py),
    and a trigger refuses UPDATE and DELETE even to the owner (migration 0002).

    The rows form a hash chain (migration 0004): a trigger gives every new row the next `keten_nr` and
    `hash` = SHA-256 of the previous row's hash followed by the row's canonical content, whatever the
    INSERT said; `manage.py audit_verify` walks it. The user is stored by id and name, not as a foreign
    key, so no user change can touch a row.
    """

    class Result(models.TextChoices):
        OK = "ok", "Gelukt"
        GEWEIGERD = "geweigerd", "Geweigerd"
        NIET_GEVONDEN = "niet_gevonden", "Niet gevonden of buiten bereik"
        ONGELDIG = "ongeldig", "Ongeldige invoer"
        CONFLICT = "conflict", "Conflict met de huidige toestand"

    moment = models.DateTimeField("moment", auto_now_add=True, db_index=True)
    user_id = models.BigIntegerField("gebruiker-id", null=True)
    username = models.CharField("gebruiker", max_length=150, blank=True)
    role = models.CharField("rol", max_length=20, blank=True)
    action = models.CharField("handeling", max_length=40)
    object_type = models.CharField("objectsoort", max_length=40)
    object_id = models.CharField("object", max_length=64, blank=True)
    client_address = models.GenericIPAddressField("adres", null=True)
    result = models.CharField("resultaat", max_length=20, choices=Result.choices)
    detail = models.JSONField("details", default=dict, blank=True)
    #: set by the database (trigger jgt_auditlog_keten), never by the application
    keten_nr = models.BigIntegerField("ketennummer", null=True, unique=True, editable=False)
    hash = models.CharField("ketenhash", max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = "auditregel"
        verbose_name_plural = "auditlog"
        ordering = ["-moment", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"{self.moment:%Y-%m-%d %H:%M:%S} {self.username} {self.action} {self.object_type} {self.object_id}"


class AuditKeten(models.Model):
    """The head of the audit log's hash chain: number and hash of the last row. One row, written only by the
    audit trigger (the application role may read it); `audit_verify` compares it with the last row, so even
    the removal of the newest rows shows."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    keten_nr = models.BigIntegerField("ketennummer")
    hash = models.CharField("ketenhash", max_length=64)

    class Meta:
        verbose_name = "kop van de auditketen"
        constraints = [models.CheckConstraint(condition=Q(id=1), name="auditketen_een_rij")]

    def __str__(self):
        return f"{self.keten_nr} {self.hash}"
