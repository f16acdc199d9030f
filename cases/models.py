"""The registration: jeugdigen, dossiers, contacten, hulpperiodes, doorverwijzingen.

Written only by `cases.services`, read (person data) only through `cases.selectors`. What must never
be false is also a database constraint.
"""

import unicodedata
import uuid
from datetime import date

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import F, Q

from cases.choices import (
    Aanmelder,
    DoelenBereikt,
    GeboortedatumPrecisie,
    Geslacht,
    Hulpsoort,
    Inzet,
    JaNeeOnbekend,
    Leeftijdsklasse,
    RedenBeeindiging,
    SoortDoorverwijzing,
    Status,
    Verwijzer,
    VerwijzingStatus,
    Vorm,
    geboortedatum_tekst,
)
from jgt_registratie.models import Gemeente, Team


def _in(field, choices):
    return Q(**{f"{field}__in": choices.values})


class Probleemcategorie(models.Model):
    """A managed list: codes stay stable, names can change."""

    code = models.SlugField(max_length=40, primary_key=True)
    naam = models.CharField(max_length=200)
    actief = models.BooleanField(default=True)

    class Meta:
        verbose_name_plural = "probleemcategorieën"
        ordering = ["code"]

    def __str__(self):
        return self.naam


class Jeugdige(models.Model):
    """A jeugdige, or (`geanonimiseerd_op` set) the anonymous remainder of a destroyed one (`cases.retention`).

    The woonadres is a history (`Adres`), never a column here: a move is a new address from a date.
    The remainder has a new key and no team: it keeps only its addresses' gemeenten and dates (without postcodes),
    geslacht and the birth year (precision `jaar`), so that the hulpperiodes that point to it still count once per
    person, in the right gemeente, in the figures of earlier periods.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    bsn = models.CharField(max_length=9, null=True, blank=True)
    # The name (DOMAIN.md section 4): professionals find families by it; it never leaves the team (no export, no report).
    voornamen = models.CharField(max_length=200, blank=True, default="")
    tussenvoegsel = models.CharField(max_length=30, blank=True, default="")
    achternaam = models.CharField(max_length=200, blank=True, default="")
    # The full name in lower case without accents ("sven de vries", "jose"), kept by the services (`naam_zoekvorm`): the
    # search compares against it with a trigram index (`unaccent` is not immutable, so no expression index can do it).
    zoeknaam = models.CharField(max_length=440, blank=True, default="", editable=False)
    # None for an unborn child (then `verwachte_geboortedatum`); with precision `maand`/`jaar` the unknown parts are 1.
    geboortedatum = models.DateField(null=True, blank=True)
    geboortedatum_precisie = models.CharField(max_length=5, choices=GeboortedatumPrecisie.choices, default=GeboortedatumPrecisie.DAG)
    verwachte_geboortedatum = models.DateField(null=True, blank=True)
    geslacht = models.CharField(max_length=1, choices=Geslacht.choices)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT, related_name="jeugdigen")
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    aangemaakt_door = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    geanonimiseerd_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "jeugdigen"
        constraints = [
            models.CheckConstraint(
                condition=Q(geanonimiseerd_op__isnull=True, team__isnull=False, aangemaakt_door__isnull=False)
                | Q(geanonimiseerd_op__isnull=False, team__isnull=True, aangemaakt_door__isnull=True, bsn__isnull=True),
                name="jeugdige_anoniem_zonder_identiteit",
            ),
            models.CheckConstraint(
                condition=Q(geanonimiseerd_op__isnull=True) | Q(voornamen="", tussenvoegsel="", achternaam="", zoeknaam=""),
                name="jeugdige_anoniem_zonder_naam",
            ),
            models.UniqueConstraint(fields=["bsn"], condition=Q(bsn__isnull=False), name="jeugdige_bsn_uniek"),
            models.CheckConstraint(condition=Q(bsn__isnull=True) | Q(bsn__regex=r"^[0-9]{9}$"), name="jeugdige_bsn_9_cijfers"),
            models.CheckConstraint(condition=_in("geslacht", Geslacht), name="jeugdige_geslacht_geldig"),
            models.CheckConstraint(condition=_in("geboortedatum_precisie", GeboortedatumPrecisie), name="jeugdige_geboortedatum_precisie_geldig"),
            models.CheckConstraint(
                condition=Q(geboortedatum__isnull=False, verwachte_geboortedatum__isnull=True)
                | Q(geboortedatum__isnull=True, verwachte_geboortedatum__isnull=False, geboortedatum_precisie=GeboortedatumPrecisie.DAG),
                name="jeugdige_geboren_of_verwacht",
            ),
        ]
        indexes = [GinIndex(fields=["zoeknaam"], opclasses=["gin_trgm_ops"], name="jeugdige_zoeknaam_trgm")]

    @property
    def naam(self) -> str:
        """The name as every screen shows it: "Sven de Vries"; '' when no name is known (a 1.0 API registration)."""
        return volledige_naam(self.voornamen, self.tussenvoegsel, self.achternaam)

    @property
    def ongeboren(self) -> bool:
        return self.geboortedatum is None

    @property
    def geboortedatum_weergave(self) -> str:
        """The birth date as every screen shows it: "21-01-2012", "01-2012", "2012" or "verwacht 03-2027"."""
        return geboortedatum_tekst(self.geboortedatum, self.geboortedatum_precisie, self.verwachte_geboortedatum)

    def adres_op(self, dag: date) -> "Adres | None":
        """The address that held on `dag` (DOMAIN.md section 7), from `adressen` (prefetched: no query)."""
        return adres_op(self.adressen.all(), dag)

    @property
    def huidig_adres(self) -> "Adres | None":
        """The current address: the one with the latest start (a move is never in the future)."""
        adressen = sorted(self.adressen.all(), key=_adres_volgorde)
        return adressen[-1] if adressen else None


def volledige_naam(voornamen: str, tussenvoegsel: str, achternaam: str) -> str:
    return " ".join(part.strip() for part in (voornamen, tussenvoegsel, achternaam) if part and part.strip())


def naam_zoekvorm(text: str) -> str:
    """`text` as the name search compares it: lower case, without accents, single spaces ("José  de Vries" -> "jose de vries").
    The same function normalises the stored `zoeknaam` and the typed query, so both sides always agree."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.casefold().split())


def _adres_volgorde(adres) -> date:
    return adres.geldig_vanaf or date.min


def adres_op(adressen, dag: date):
    """Of a jeugdige's addresses, the one that held on `dag`: the greatest `geldig_vanaf` <= dag, else the first
    address (`geldig_vanaf` None, holding from the start). None only when there is no address at all."""
    geldig = [a for a in adressen if a.geldig_vanaf is None or a.geldig_vanaf <= dag]
    return max(geldig, key=_adres_volgorde) if geldig else None


class Adres(models.Model):
    """The woonadres history of a jeugdige (DOMAIN.md section 4): a move is a new row from a date, never an overwrite.

    `geldig_vanaf` None is the first address: it holds from the start until the first move. Reports take the
    address that held on the day DOMAIN.md section 7 names (`reporting.indicators.base.gemeente_op`).
    """

    jeugdige = models.ForeignKey(Jeugdige, on_delete=models.CASCADE, related_name="adressen", db_index=False)  # unique (jeugdige, ...)
    postcode = models.CharField(max_length=6, blank=True)
    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="+")
    geldig_vanaf = models.DateField(null=True, blank=True)
    # The day the next address of the jeugdige begins (exclusive end), None while this one is the latest: so the address
    # holds on day D exactly when (geldig_vanaf IS NULL OR geldig_vanaf <= D) AND (geldig_tot IS NULL OR D < geldig_tot),
    # `gemeente_op`'s rule as a range the reports can join on. Kept by the database after every statement that writes
    # addresses (trigger `cases_adres_geldig_tot`, migration 0019), whatever a write puts here: never set it yourself.
    geldig_tot = models.DateField(null=True, blank=True, editable=False)
    geregistreerd_door = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    geregistreerd_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "adressen"
        ordering = ["jeugdige_id", models.F("geldig_vanaf").asc(nulls_first=True)]
        indexes = [models.Index(fields=["jeugdige", "geldig_vanaf"], name="adres_jeugdige_vanaf")]
        constraints = [
            models.UniqueConstraint(fields=["jeugdige"], condition=Q(geldig_vanaf__isnull=True), name="adres_een_eerste_adres"),
            models.UniqueConstraint(fields=["jeugdige", "geldig_vanaf"], name="adres_een_per_datum"),
            models.CheckConstraint(condition=Q(postcode="") | Q(postcode__regex=r"^[1-9][0-9]{3}[A-Z]{2}$"), name="adres_postcode_6"),
        ]


class Dossier(models.Model):
    """A dossier, or (`geanonimiseerd_op` set) the anonymous remainder of a destroyed one (`cases.retention`): a new
    key, no team and no regiehouder, only anonymous members, with the dates and codes the figures count."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT, related_name="dossiers", db_index=False)  # (team, ...)
    jeugdigen = models.ManyToManyField(Jeugdige, related_name="dossiers")
    aanmelddatum = models.DateField()
    aanmelder = models.CharField(max_length=20, choices=Aanmelder.choices)
    hulpsoort = models.CharField(max_length=20, choices=Hulpsoort.choices)
    probleemcategorieen = models.ManyToManyField(Probleemcategorie, related_name="+")
    gestart_met_crisis = models.BooleanField(default=False)
    verwijzer = models.CharField(max_length=2, choices=Verwijzer.choices, default=Verwijzer.GEEN_VERWIJZER)
    regiehouder = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="regie_dossiers")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.AANGEMELD)
    status_sinds = models.DateField()
    evaluatiedatum = models.DateField(null=True, blank=True)
    # Closure (current); the history keeps those of earlier closures.
    einddatum = models.DateField(null=True, blank=True)
    reden_beeindiging = models.CharField(max_length=2, choices=RedenBeeindiging.choices, blank=True)
    doelen_bereikt = models.CharField(max_length=10, choices=DoelenBereikt.choices, blank=True)
    tevredenheid = models.PositiveSmallIntegerField(null=True, blank=True)
    zonder_hulp_verder = models.CharField(max_length=10, choices=JaNeeOnbekend.choices, blank=True)
    afsluiting_gevraagd_op = models.DateTimeField(null=True, blank=True)
    # Why the professional asks for closure (API.md 1.1); the teamleider reads it on /team and the dossier page.
    afsluiting_toelichting = models.TextField(blank=True)
    versie = models.PositiveIntegerField(default=1)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)
    geanonimiseerd_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "dossiers"
        indexes = [
            # the team's dossier list, newest first (`cases.views.dossier_list`, the API list): one status, or all of them;
            # its first columns serve every lookup by (team, status)
            models.Index(fields=["team", "status", "-aanmelddatum", "id"], name="dossier_team_status_lijst"),
            models.Index(fields=["team", "-aanmelddatum", "id"], name="dossier_team_lijst"),
            models.Index(fields=["status", "einddatum"], name="dossier_status_einddatum"),
            models.Index(fields=["aanmelddatum"], name="dossier_aanmelddatum"),  # I12, a gemeente's first registration
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(geanonimiseerd_op__isnull=True, team__isnull=False)
                | Q(geanonimiseerd_op__isnull=False, team__isnull=True, regiehouder__isnull=True),
                name="dossier_anoniem_zonder_team",
            ),
            models.CheckConstraint(condition=_in("status", Status), name="dossier_status_geldig"),
            models.CheckConstraint(condition=_in("hulpsoort", Hulpsoort), name="dossier_hulpsoort_geldig"),
            models.CheckConstraint(condition=_in("aanmelder", Aanmelder), name="dossier_aanmelder_geldig"),
            models.CheckConstraint(condition=_in("verwijzer", Verwijzer), name="dossier_verwijzer_geldig"),
            models.CheckConstraint(
                condition=~Q(status=Status.AFGESLOTEN)
                | (Q(einddatum__isnull=False) & _in("reden_beeindiging", RedenBeeindiging)),
                name="dossier_afgesloten_heeft_einddatum_en_reden",
            ),
            models.CheckConstraint(
                condition=Q(status=Status.AFGESLOTEN) | (Q(einddatum__isnull=True) & Q(reden_beeindiging="")),
                name="dossier_open_heeft_geen_einddatum",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.WAAKVLAM) | (Q(evaluatiedatum__isnull=False) & Q(evaluatiedatum__gt=F("status_sinds"))),
                name="dossier_waakvlam_heeft_evaluatiedatum",
            ),
            models.CheckConstraint(condition=Q(einddatum__isnull=True) | Q(einddatum__gte=F("aanmelddatum")), name="dossier_einddatum_na_aanmelding"),
            models.CheckConstraint(condition=Q(status_sinds__gte=F("aanmelddatum")), name="dossier_status_sinds_na_aanmelding"),
            models.CheckConstraint(condition=Q(tevredenheid__isnull=True) | Q(tevredenheid__range=(1, 5)), name="dossier_tevredenheid_1_5"),
        ]

    @property
    def etag(self) -> str:
        return f'"{self.id}-{self.versie}"'


class Relatie(models.TextChoices):
    OUDER = "ouder", "Ouder"
    VOOGD = "voogd", "Voogd"
    PLEEGOUDER = "pleegouder", "Pleegouder"
    OVERIG = "overig", "Overig"


class Betrokkene(models.Model):
    """Someone the regiehouder reaches the family through (DOMAIN.md section 4): a parent, guardian, foster parent or
    other. Person data of the team only: never in any export or report. Goes with its dossier."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="betrokkenen")
    naam = models.CharField(max_length=200)
    relatie = models.CharField(max_length=20, choices=Relatie.choices)
    telefoon = models.CharField(max_length=30, blank=True, default="")
    email = models.CharField(max_length=254, blank=True, default="")
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "betrokkenen"
        constraints = [
            models.CheckConstraint(condition=_in("relatie", Relatie), name="betrokkene_relatie_geldig"),
            models.CheckConstraint(condition=~Q(naam=""), name="betrokkene_heeft_naam"),
        ]


class StatusWijziging(models.Model):
    """The status history; hulpperiodes are derived from it. Closure details stay on the closing row."""

    # indexed by (dossier, datum DESC) below, which also serves every lookup by dossier
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="statusgeschiedenis", db_index=False)
    van = models.CharField(max_length=20, choices=Status.choices, blank=True)
    naar = models.CharField(max_length=20, choices=Status.choices)
    datum = models.DateField()
    automatisch = models.BooleanField(default=False)
    evaluatiedatum = models.DateField(null=True, blank=True)
    reden_beeindiging = models.CharField(max_length=2, choices=RedenBeeindiging.choices, blank=True)
    doelen_bereikt = models.CharField(max_length=10, choices=DoelenBereikt.choices, blank=True)
    tevredenheid = models.PositiveSmallIntegerField(null=True, blank=True)
    zonder_hulp_verder = models.CharField(max_length=10, choices=JaNeeOnbekend.choices, blank=True)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    moment = models.DateTimeField(auto_now_add=True)
    # A closure that answers a professional's request keeps that request: when it was asked and why (free text, which
    # may name people: emptied with the rest of the person data by `cases.retention`).
    afsluitverzoek_op = models.DateTimeField(null=True, blank=True)
    afsluitverzoek_toelichting = models.TextField(blank=True)

    class Meta:
        ordering = ["datum", "id"]
        indexes = [models.Index(F("dossier"), F("datum").desc(), name="statuswijziging_dossier_datum")]
        constraints = [
            models.CheckConstraint(condition=~Q(naar=Status.AFGESLOTEN) | _in("reden_beeindiging", RedenBeeindiging), name="statuswijziging_afsluiting_heeft_reden"),
            # Going into waakvlam ends the help: it records the reden beëindiging like a closure does.
            models.CheckConstraint(condition=~Q(naar=Status.WAAKVLAM) | _in("reden_beeindiging", RedenBeeindiging), name="statuswijziging_waakvlam_heeft_reden"),
            models.CheckConstraint(
                condition=~Q(naar=Status.WAAKVLAM) | (Q(evaluatiedatum__isnull=False) & Q(evaluatiedatum__gt=F("datum"))),
                name="statuswijziging_waakvlam_heeft_evaluatiedatum",
            ),
        ]


class Contact(models.Model):
    """A contact; without team it is the anonymous remainder of a contact of a destroyed dossier (`cases.retention`):
    no note, no professional, no categories, only what I05, I09, I10, I14 and I15 count."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT, related_name="contacten", db_index=False)  # (team, datum)
    # indexed by (dossier, datum) below: a dossier's contacts from a date on (`cases.hulpperiodes.contacts_of`)
    dossier = models.ForeignKey(Dossier, null=True, blank=True, on_delete=models.PROTECT, related_name="contacten", db_index=False)
    datum = models.DateField()
    duur_minuten = models.PositiveSmallIntegerField()
    vorm = models.CharField(max_length=20, choices=Vorm.choices)
    inzet = models.CharField(max_length=10, choices=Inzet.choices, default=Inzet.HULP)
    hulpsoort = models.CharField(max_length=20, choices=Hulpsoort.choices)
    probleemcategorieen = models.ManyToManyField(Probleemcategorie, related_name="+")
    notitie = models.TextField(blank=True)
    # Only for a contact without dossier: no personal data, just these two.
    gemeente = models.ForeignKey(Gemeente, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False)  # (gemeente, datum)
    leeftijdsklasse = models.CharField(max_length=10, choices=Leeftijdsklasse.choices, blank=True)
    geregistreerd_door = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    geregistreerd_op = models.DateTimeField(auto_now_add=True)
    registratieduur_seconden = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "contacten"
        ordering = ["-datum", "-geregistreerd_op"]
        indexes = [models.Index(fields=["team", "datum"]), models.Index(fields=["datum"]),
                   models.Index(fields=["dossier", "datum"], name="contact_dossier_datum"),
                   # the contacts without dossier of a gemeente in a period (I05, I09, I15)
                   models.Index(fields=["gemeente", "datum"], name="contact_gemeente_datum")]
        constraints = [
            models.CheckConstraint(condition=Q(duur_minuten__range=(1, 1440)), name="contact_duur_max_24_uur"),
            models.CheckConstraint(condition=_in("vorm", Vorm), name="contact_vorm_geldig"),
            models.CheckConstraint(condition=_in("inzet", Inzet), name="contact_inzet_geldig"),
            models.CheckConstraint(condition=_in("hulpsoort", Hulpsoort), name="contact_hulpsoort_geldig"),
            models.CheckConstraint(
                condition=Q(dossier__isnull=False)
                | (Q(gemeente__isnull=False) & _in("leeftijdsklasse", Leeftijdsklasse) & Q(notitie="")),
                name="contact_zonder_dossier_heeft_gemeente_en_leeftijd",
            ),
            models.CheckConstraint(
                condition=Q(team__isnull=False, geregistreerd_door__isnull=False)
                | Q(team__isnull=True, geregistreerd_door__isnull=True, dossier__isnull=False, notitie=""),
                name="contact_anoniem_alleen_in_dossier",
            ),
        ]


class Doorverwijzing(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="doorverwijzingen")
    datum = models.DateField()
    soort = models.CharField(max_length=30, choices=SoortDoorverwijzing.choices)
    # The outcome the team keeps up to date: verwezen (on `datum`), gestart elsewhere, afgewezen or niet_gestart
    # (with a reason), each on its own date; overbrugging: the team bridges the wait.
    status = models.CharField(max_length=20, choices=VerwijzingStatus.choices, default=VerwijzingStatus.VERWEZEN)
    status_datum = models.DateField(null=True, blank=True)
    reden = models.CharField(max_length=200, blank=True)
    overbrugging = models.BooleanField(default=False)
    # False: registered before referral outcomes existed (cases 0013) and never updated since, so its `verwezen` is the
    # default that migration gave it, not a status the team recorded: it gives no waiting signal (/team, the
    # verantwoording's "wachtend") until the team records an outcome. Every referral registered since is True.
    status_vastgelegd = models.BooleanField(default=True, db_default=True)
    # None once its dossier was destroyed (the anonymous remainder keeps date and kind only).
    geregistreerd_door = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    geregistreerd_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "doorverwijzingen"
        ordering = ["datum", "id"]
        indexes = [models.Index(fields=["datum"], name="doorverwijzing_datum")]  # I08: the period's referrals
        constraints = [
            models.CheckConstraint(condition=_in("soort", SoortDoorverwijzing), name="doorverwijzing_soort_geldig"),
            models.CheckConstraint(condition=_in("status", VerwijzingStatus), name="doorverwijzing_status_geldig"),
            models.CheckConstraint(
                condition=Q(status_datum__isnull=True) | Q(status_datum__gte=F("datum")),
                name="doorverwijzing_statusdatum_na_verwijzing",
            ),
        ]

    @property
    def status_sinds(self):
        """The date of the current status: `status_datum`, or (None: still verwezen since the referral) `datum`."""
        return self.status_datum or self.datum

    @property
    def definitief(self) -> bool:
        """A final outcome (gestart, afgewezen, niet gestart): only a teamleider corrects it (`cases.services`)."""
        return self.status != VerwijzingStatus.VERWEZEN


class Hulpperiode(models.Model):
    """Derived by `cases.hulpperiodes`: one row per jeugdige per stretch of `actief` with at least one hulpcontact,
    stored so that reports aggregate it in SQL.

    A running one follows its dossier. An ended one is frozen (DOMAIN.md section 4): only an explicit correction
    (`Correctie`) recomputes it, and then sets `gecorrigeerd_op`.
    """

    class EindeDoor(models.TextChoices):
        WAAKVLAM = "waakvlam", "Waakvlam"
        AFSLUITING = "afsluiting", "Afsluiting"

    # indexed by (dossier, start) and by the unique (dossier, jeugdige, volgnummer)
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="hulpperiodes", db_index=False)
    jeugdige = models.ForeignKey(Jeugdige, on_delete=models.CASCADE, related_name="hulpperiodes")
    volgnummer = models.PositiveSmallIntegerField()
    start = models.DateField()
    einde = models.DateField(null=True, blank=True)
    hulpsoort = models.CharField(max_length=20, choices=Hulpsoort.choices)
    probleemcategorieen = ArrayField(models.CharField(max_length=40), default=list)
    einde_door = models.CharField(max_length=20, choices=EindeDoor.choices, blank=True)
    reden_beeindiging = models.CharField(max_length=2, choices=RedenBeeindiging.choices, blank=True)
    # The outcome asked when the help ended (at waakvlam or closure).
    doelen_bereikt = models.CharField(max_length=10, choices=DoelenBereikt.choices, blank=True)
    tevredenheid = models.PositiveSmallIntegerField(null=True, blank=True)
    zonder_hulp_verder = models.CharField(max_length=10, choices=JaNeeOnbekend.choices, blank=True)
    aantal_contacten = models.PositiveIntegerField(default=0)
    contactminuten = models.PositiveIntegerField(default=0)
    # The date its stretch of `actief` began (help itself starts at the first hulpcontact, `start`).
    actief_sinds = models.DateField(null=True, blank=True)
    # The dossier's categories when the help ended, kept so that a correction recomputes with them.
    dossier_categorieen = ArrayField(models.CharField(max_length=40), default=list, blank=True)
    gecorrigeerd_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["jeugdige_id", "start"]
        indexes = [models.Index(fields=["start"], name="hulpperiode_start"), models.Index(fields=["einde"], name="hulpperiode_einde"),
                   models.Index(fields=["dossier", "start"], name="hulpperiode_dossier_start")]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "jeugdige", "volgnummer"], name="hulpperiode_uniek"),
            models.CheckConstraint(condition=Q(einde__isnull=True) | Q(einde__gte=F("start")), name="hulpperiode_einde_na_start"),
            models.CheckConstraint(
                condition=Q(einde__isnull=True, einde_door="", reden_beeindiging="")
                | (Q(einde__isnull=False) & ~Q(einde_door="") & _in("reden_beeindiging", RedenBeeindiging)),
                name="hulpperiode_einde_heeft_reden",
            ),
        ]


class CorrectieSoort(models.TextChoices):
    CONTACT_GEWIJZIGD = "contact_gewijzigd", "Contact gecorrigeerd"
    CONTACT_VERWIJDERD = "contact_verwijderd", "Contact verwijderd"
    CONTACT_GEKOPPELD = "contact_gekoppeld", "Contact later aan een dossier gekoppeld"
    CONTACT_NAGEKOMEN = "contact_nagekomen", "Contact later geregistreerd in een beëindigde hulpperiode"
    STATUS_TERUGGEZET = "status_teruggezet", "Status met terugwerkende kracht gewijzigd"
    DOSSIER_GEWIJZIGD = "dossier_gewijzigd", "Dossier gewijzigd (hulpsoort, categorieën)"
    VERHUIZING = "verhuizing", "Adres (verhuizing) vastgelegd"
    JEUGDIGE_GEWIJZIGD = "jeugdige_gewijzigd", "Gegevens van een jeugdige gecorrigeerd"
    GEZINSLID_TOEGEVOEGD = "gezinslid_toegevoegd", "Jeugdige met terugwerkende kracht aan een dossier toegevoegd"
    GEZINSLID_VERWIJDERD = "gezinslid_verwijderd", "Jeugdige uit een dossier verwijderd (per vergissing geregistreerd)"


class Correctie(models.Model):
    """An explicit, audited correction of past registrations (DOMAIN.md section 4): what kind, which dates it touched,
    how many hulpperiodes it changed. Published report versions name the corrections behind a changed figure."""

    Soort = CorrectieSoort

    soort = models.CharField(max_length=30, choices=CorrectieSoort.choices)
    moment = models.DateTimeField(auto_now_add=True)
    # The registration dates the correction touched (old and new date of a contact: both ends).
    datum_van = models.DateField()
    datum_tot = models.DateField()
    dossier = models.ForeignKey(Dossier, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    jeugdige = models.ForeignKey(Jeugdige, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    hulpperiodes_gewijzigd = models.PositiveIntegerField(default=0)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name_plural = "correcties"
        ordering = ["moment", "id"]
        indexes = [models.Index(fields=["moment"], name="correctie_moment")]
        constraints = [
            models.CheckConstraint(condition=_in("soort", CorrectieSoort), name="correctie_soort_geldig"),
            models.CheckConstraint(condition=Q(datum_tot__gte=F("datum_van")), name="correctie_datums_volgorde"),
        ]


class IdempotencyKey(models.Model):
    """`POST /contacten` with an Idempotency-Key: the first response, replayed for the same body."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False)  # unique (user, ...)
    key = models.CharField(max_length=200)
    body_hash = models.CharField(max_length=64)
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="+")
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_uniek_per_gebruiker")]


class Gezinslid(models.Model):
    """A jeugdige added to an existing dossier (API.md 1.1, "Gezin"): from `vanaf` on it is part of the family's help.

    Its hulpperiodes in this dossier start no earlier than `vanaf` (`cases.hulpperiodes.rebuild`); the children that
    were in the dossier from its opening have no row here and count from the stretch's first hulpcontact.
    """

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="gezinsleden", db_index=False)  # unique (dossier, ...)
    jeugdige = models.ForeignKey(Jeugdige, on_delete=models.CASCADE, related_name="+")
    vanaf = models.DateField()
    toegevoegd_door = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    toegevoegd_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "gezinsleden"
        constraints = [models.UniqueConstraint(fields=["dossier", "jeugdige"], name="gezinslid_een_per_dossier")]
