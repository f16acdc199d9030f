"""Reporting state: requested reports (Rapportage), the JGT budget behind I10, and the duiding.

Figures themselves are never stored here: they are computed from the registration on request
(`reporting.indicators`), so a report can always be traced to its definition and redone.
"""

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from jgt_registratie.models import Gemeente, Team
from jgt_registratie.rights import Capability


class Rapportage(models.Model):
    """One requested report: a status row the worker moves on (wachtrij -> bezig -> gereed | mislukt)."""

    class Soort(models.TextChoices):
        INDICATOREN = "indicatoren", "Indicatorenrapportage"
        CBS_PROTOCOL = "cbs_protocol", "CBS-protocolexport (geanonimiseerd)"
        CBS_AANLEVERING = "cbs_aanlevering", "CBS-aanlevering (met BSN)"
        VERANTWOORDING = "verantwoording", "Verantwoording (jaarlijkse verantwoording aan de raad)"

    class Formaat(models.TextChoices):
        JSON = "json", "JSON"
        CSV = "csv", "CSV"
        XLSX = "xlsx", "Excel (XLSX)"
        PDF = "pdf", "PDF"

    class Status(models.TextChoices):
        WACHTRIJ = "wachtrij", "In de wachtrij"
        BEZIG = "bezig", "Bezig"
        GEREED = "gereed", "Gereed"
        MISLUKT = "mislukt", "Mislukt"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    soort = models.CharField(max_length=20, choices=Soort.choices)
    periode = models.CharField(max_length=7)
    # Null: all gemeenten (beheerder only).
    gemeente = models.ForeignKey(Gemeente, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    formaat = models.CharField(max_length=4, choices=Formaat.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WACHTRIJ)
    voortgang = models.PositiveSmallIntegerField(default=0)
    definitieversie = models.CharField(max_length=20)
    # File name relative to settings.RAPPORTAGE_DIR, set only once the file is complete.
    bestand = models.CharField(max_length=200, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    fout = models.TextField(blank=True)
    # Null for the automatic quarterly reports made by Celery beat.
    aangevraagd_door = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    automatisch = models.BooleanField(default=False)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    gestart_op = models.DateTimeField(null=True, blank=True)
    gereed_op = models.DateTimeField(null=True, blank=True)
    # Generations started (a worker killed mid-report leaves one unfinished); after RAPPORTAGE_MAX_POGINGEN: mislukt.
    pogingen = models.PositiveSmallIntegerField(default=0)
    # Last time beat queued it again because it was stuck (`reporting.generation.stale_reports_resume`).
    hervat_op = models.DateTimeField(null=True, blank=True)
    # The file was deleted after its retention period (a cbs_aanlevering holds BSNs: AANLEVERING_BEWAARDAGEN).
    bestand_verwijderd_op = models.DateTimeField(null=True, blank=True)
    # Published versions (DOMAIN.md section 7, "Published figures"): a definitief report is frozen. `versie` counts
    # per soort, periode, gemeente and formaat; from 2 on, `wijzigingen` lists the cells that differ from the
    # previous published version and the corrections (`cases.Correctie`) made since.
    definitief = models.BooleanField(default=False)
    definitief_op = models.DateTimeField(null=True, blank=True)
    definitief_door = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    versie = models.PositiveSmallIntegerField(null=True, blank=True)
    wijzigingen = models.JSONField(null=True, blank=True)
    # The report's cells as {key: value} (an indicator cell, or a protocol record's column), to compare versions.
    cellen = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-aangemaakt_op"]
        constraints = [
            models.CheckConstraint(name="rapportage_voortgang_0_100", condition=Q(voortgang__lte=100)),
            models.CheckConstraint(name="rapportage_gereed_heeft_bestand", condition=~Q(status="gereed") | (~Q(bestand="") & ~Q(sha256=""))),
            models.CheckConstraint(name="rapportage_mislukt_heeft_fout", condition=~Q(status="mislukt") | ~Q(fout="")),
            models.CheckConstraint(name="rapportage_definitief_is_gereed",
                                   condition=Q(definitief=False) | Q(status="gereed", definitief_op__isnull=False, versie__isnull=False)),
            models.UniqueConstraint(fields=["soort", "periode", "gemeente", "formaat", "versie"], condition=Q(definitief=True),
                                    nulls_distinct=False, name="rapportage_een_definitieve_versie"),
        ]

    def __str__(self):
        return f"{self.get_soort_display()} {self.periode} {self.gemeente_id or 'alle gemeenten'}"


class RapportageCel(models.Model):
    """One cell of a CBS export ("<pseudoniem>|<datum_aanvang>|<kolom>" and its value, or its keyed hash for the statutory
    delivery: `reporting.versions.RecordCellen`), to compare versions. A row of its own per cell, not one jsonb per report:
    a national year export has millions of cells, beyond what one jsonb value can hold (about 256 MB). Filled by COPY;
    deleted with its report. The report's `cellen` is then `{}`: "its cells are kept, here"."""

    pk = models.CompositePrimaryKey("rapportage_id", "sleutel")
    rapportage = models.ForeignKey(Rapportage, on_delete=models.CASCADE, related_name="+", db_index=False)
    sleutel = models.TextField(db_collation="C")
    waarde = models.TextField()

    def __str__(self):
        return self.sleutel


class JgtBudget(models.Model):
    """The annual JGT budget of a gemeente, set by the beheerder; I10 allocates it to the help given."""

    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="+")
    jaar = models.PositiveSmallIntegerField(validators=[MinValueValidator(2015)])
    bedrag = models.DecimalField(max_digits=12, decimal_places=2, validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = "JGT-budget"
        verbose_name_plural = "JGT-budgetten"
        ordering = ["gemeente", "jaar"]
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "jaar"], name="jgtbudget_een_per_gemeente_jaar"),
            models.CheckConstraint(name="jgtbudget_bedrag_niet_negatief", condition=Q(bedrag__gte=0)),
        ]

    def __str__(self):
        return f"{self.gemeente} {self.jaar}: EUR {self.bedrag}"


class Duiding(models.Model):
    """'Tellen en vertellen': the organisation's explanation in words that travels with a report."""

    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="+")
    periode = models.CharField(max_length=7)
    tekst = models.TextField()
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    gewijzigd_op = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "duidingen"
        constraints = [models.UniqueConstraint(fields=["gemeente", "periode"], name="duiding_een_per_gemeente_periode")]

    def __str__(self):
        return f"Duiding {self.gemeente} {self.periode}"


class TeamFte(models.Model):
    """A team's formation in FTE for a year, set by the beheerder (verantwoording: cost and registration burden)."""

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    jaar = models.PositiveSmallIntegerField(validators=[MinValueValidator(2015)])
    fte = models.DecimalField("fte", max_digits=6, decimal_places=2, validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = "team-fte"
        verbose_name_plural = "team-fte's"
        ordering = ["team", "jaar"]
        constraints = [
            models.UniqueConstraint(fields=["team", "jaar"], name="teamfte_een_per_team_jaar"),
            models.CheckConstraint(name="teamfte_niet_negatief", condition=Q(fte__gte=0)),
        ]

    def __str__(self):
        return f"{self.team} {self.jaar}: {self.fte} fte"


class StatlineCijfer(models.Model):
    """CBS StatLine figures of a gemeente for a year, loaded by the beheerder from a CSV (verantwoording section 1).

    Also for years before the product was used. None: not published (StatLine shows '.' or nothing)."""

    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="+")
    jaar = models.PositiveSmallIntegerField(validators=[MinValueValidator(2015)])
    jeugdigen_wijkteam = models.PositiveIntegerField("jeugdigen met hulp van het wijkteam", null=True, blank=True)
    trajecten_zonder_verwijzer = models.PositiveIntegerField("trajecten zonder verwijzer", null=True, blank=True)
    trajecten_totaal = models.PositiveIntegerField("trajecten jeugdhulp totaal", null=True, blank=True)
    geladen_op = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "StatLine-cijfer"
        verbose_name_plural = "StatLine-cijfers"
        ordering = ["gemeente", "jaar"]
        constraints = [models.UniqueConstraint(fields=["gemeente", "jaar"], name="statline_een_per_gemeente_jaar")]

    def __str__(self):
        return f"StatLine {self.gemeente} {self.jaar}"


class BeleidskaderOnderwerp(models.TextChoices):
    """The audit's questions that only words can answer (DOMAIN.md section 8, part 7)."""

    VERORDENING = "verordening", "Wat de verordening zegt over hulp zonder verwijzing"
    GECONTRACTEERD = "gecontracteerd", "Wie gecontracteerd is om die hulp te geven"
    AFSPRAKEN = "afspraken", "Welke afspraken de hulp sturen"
    WIJZIGINGEN = "wijzigingen", "Wat er door de cijfers is veranderd"


class Beleidskader(models.Model):
    """A short policy text per gemeente and subject, kept by the beheerder or the gemeente itself."""

    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="+")
    onderwerp = models.CharField(max_length=20, choices=BeleidskaderOnderwerp.choices)
    tekst = models.TextField()
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    gewijzigd_op = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "beleidskader"
        verbose_name_plural = "beleidskaders"
        ordering = ["gemeente", "onderwerp"]
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "onderwerp"], name="beleidskader_een_per_onderwerp"),
            models.CheckConstraint(condition=Q(onderwerp__in=BeleidskaderOnderwerp.values), name="beleidskader_onderwerp_geldig"),
        ]

    def __str__(self):
        return f"{self.get_onderwerp_display()} ({self.gemeente})"


#: the right each kind of report needs (the rights table, `jgt_registratie.rights`)
CAPABILITY_BY_SOORT: dict[str, Capability] = {
    Rapportage.Soort.INDICATOREN: Capability.INDICATOR_REPORTS,
    Rapportage.Soort.CBS_PROTOCOL: Capability.CBS_EXPORTS,
    Rapportage.Soort.CBS_AANLEVERING: Capability.CBS_EXPORTS,
    Rapportage.Soort.VERANTWOORDING: Capability.VERANTWOORDING,
}
