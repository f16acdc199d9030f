"""Data quality of the registration, for the beheerder (issue 4): what keeps the figures from being right.

Each check is one SQL query. A finding names the kind, a Dutch description and the object (type, id, team),
never dossier contents: the beheerder follows it up with the team.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone

from cases.choices import JEUGDHULP, Inzet, Status
from cases.models import Contact, Dossier, Jeugdige
from cases.selectors import huidig_adres_subquery
from reporting.indicators.base import hulpperiodes_in_scope

GEEN_CONTACT_DAGEN = 90
#: an actief stretch without any hulpcontact is waiting (DOMAIN.md section 4); after this many days the list shows it
WACHTEND_DAGEN = 30
SOORTEN = {
    "jeugdige_zonder_bsn": "Jeugdige zonder BSN: in de CBS-aanlevering komt 000000000 (BSN onbekend).",
    "jeugdige_zonder_postcode": "Jeugdige zonder postcode: de CBS-aanlevering gebruikt de gemeentecode.",
    "actief_zonder_contact": f"Dossier actief zonder contact in de laatste {GEEN_CONTACT_DAGEN} dagen: waakvlam of afsluiten?",
    "overlappende_hulpperiodes": "Jeugdige met overlappende hulpperiodes (twee dossiers tegelijk actief): telt dubbel in de CBS-aanlevering.",
    "waakvlam_verlopen": "Dossier in waakvlam waarvan de evaluatiedatum voorbij is.",
    "wachtend": f"Dossier langer dan {WACHTEND_DAGEN} dagen actief zonder hulpcontact: wacht dit dossier?",
}


@dataclass(frozen=True)
class Bevinding:
    soort: str
    omschrijving: str
    object_soort: str  # "jeugdige" or "dossier"
    object_id: str
    team: str

    def as_row(self) -> tuple[str, str, str, str, str]:
        return (self.soort, self.omschrijving, self.object_soort, self.object_id, self.team)


KOLOMMEN = ("soort", "omschrijving", "objectsoort", "object", "team")


def _jeugdigen(gemeente) -> QuerySet[Jeugdige]:
    """The registered jeugdigen (not the anonymous remainders, `cases.retention`), with their current address
    (`huidige_gemeente`, `huidige_postcode`): a finding is about the registration as it is now."""
    queryset = Jeugdige.objects.filter(geanonimiseerd_op__isnull=True).annotate(
        huidige_gemeente=huidig_adres_subquery("gemeente_id"), huidige_postcode=huidig_adres_subquery("postcode"))
    return queryset.filter(huidige_gemeente=gemeente.pk) if gemeente is not None else queryset


def _dossiers(gemeente) -> QuerySet[Dossier]:
    queryset = Dossier.objects.filter(geanonimiseerd_op__isnull=True)
    if gemeente is not None:
        living_there = _jeugdigen(gemeente).values("pk")
        queryset = queryset.filter(Exists(Dossier.jeugdigen.through.objects.filter(dossier_id=OuterRef("pk"), jeugdige_id__in=living_there)))
    return queryset


def _found(soort: str, object_soort: str, rows) -> list[Bevinding]:
    return [Bevinding(soort, SOORTEN[soort], object_soort, str(pk), team) for pk, team in rows]


def findings(*, gemeente=None, vandaag: date | None = None) -> list[Bevinding]:
    """Every finding, ordered by kind, team and object (fixed order: exports stay reproducible)."""
    vandaag = vandaag or timezone.localdate()
    grens = vandaag - timedelta(days=GEEN_CONTACT_DAGEN)
    jeugdigen = _jeugdigen(gemeente).order_by("team__naam", "id")
    dossiers = _dossiers(gemeente).order_by("team__naam", "id")
    # Another dossier's hulpperiode of the same jeugdige that started no later and had not ended yet
    # (within one dossier hulpperiodes follow each other by construction). Only the hulpperiodes the CBS records
    # and the indicators are made of (`hulpperiodes_in_scope`: jeugdhulp, licht or heavier, of jeugdigen in the
    # gemeente on the day it is counted, from the address history): a preventief hulpperiode is no CBS record, so it
    # cannot make one count twice. The scope is that of the hulpperiodes, so the jeugdigen are not filtered again.
    jeugdhulp = hulpperiodes_in_scope(None if gemeente is None else [gemeente.code], vandaag=vandaag)
    overlap = jeugdhulp.filter(jeugdige=OuterRef("jeugdige"), start__lte=OuterRef("start")).exclude(dossier=OuterRef("dossier")).filter(
        Q(einde__isnull=True) | Q(einde__gte=OuterRef("start")))
    found = []
    found += _found("jeugdige_zonder_bsn", "jeugdige", jeugdigen.filter(bsn__isnull=True).values_list("id", "team__naam"))
    found += _found("jeugdige_zonder_postcode", "jeugdige", jeugdigen.filter(huidige_postcode="").values_list("id", "team__naam"))
    found += _found("actief_zonder_contact", "dossier", dossiers.filter(status=Status.ACTIEF).annotate(laatste=Max("contacten__datum")).filter(
        Q(laatste__lt=grens) | Q(laatste__isnull=True, status_sinds__lt=grens)).values_list("id", "team__naam"))
    found += _found("overlappende_hulpperiodes", "jeugdige", _jeugdigen(None).order_by("team__naam", "id").filter(
        Exists(jeugdhulp.filter(jeugdige=OuterRef("pk")).filter(Exists(overlap)))).values_list("id", "team__naam"))
    found += _found("waakvlam_verlopen", "dossier", dossiers.filter(status=Status.WAAKVLAM, evaluatiedatum__lt=vandaag)
                    .values_list("id", "team__naam"))
    # Waiting: actief for more than WACHTEND_DAGEN days (since its current stretch began) without a hulpcontact in that
    # stretch (inzet hulp, hulpsoort licht or heavier): no help has started, so no hulpperiode either.
    hulpcontact = Contact.objects.filter(dossier=OuterRef("pk"), datum__gte=OuterRef("status_sinds"), inzet=Inzet.HULP,
                                         hulpsoort__in=list(JEUGDHULP))
    found += [Bevinding("wachtend", f"Actief sinds {sinds:%d-%m-%Y}, nog geen hulpcontact: wacht dit dossier?", "dossier", str(pk), team)
              for pk, team, sinds in dossiers.filter(status=Status.ACTIEF, status_sinds__lt=vandaag - timedelta(days=WACHTEND_DAGEN))
              .filter(~Exists(hulpcontact)).values_list("id", "team__naam", "status_sinds")]
    return found


def findings_summary(found: list[Bevinding]) -> list[tuple[str, str, int]]:
    """(soort, omschrijving, aantal) for every kind, also the kinds without findings."""
    return [(soort, omschrijving, sum(1 for b in found if b.soort == soort)) for soort, omschrijving in SOORTEN.items()]

