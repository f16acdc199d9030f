"""Every read of reports (Rapportage rows and their files), scoped to the role and audited.

A beheerder sees every report; a gemeente user the indicator reports of its own gemeente(n), including
the automatic quarterly ones; other roles have no reports (Forbidden). A report outside the scope is
NotFound, exactly as if it did not exist.
"""

import uuid
from pathlib import Path

from django.conf import settings
from django.db.models import QuerySet

from jgt_registratie.audit import Result, audit_record
from jgt_registratie.errors import Conflict, Forbidden, NotFound
from jgt_registratie.models import Role
from reporting.models import Rapportage

GEEN_TOEGANG = "Rapportages zijn er voor gemeenten en functioneel beheer; uw rol heeft geen toegang tot rapportages."


def may_use_reports(user) -> bool:
    return bool(user and user.is_authenticated and user.role in (Role.GEMEENTE, Role.BEHEERDER))


def rapportages_for(user) -> QuerySet[Rapportage]:
    if not may_use_reports(user):
        audit_record(user=user, action="lezen", object_type="rapportage", result=Result.GEWEIGERD)
        raise Forbidden(GEEN_TOEGANG)
    rapportages = Rapportage.objects.select_related("gemeente")
    if user.role == Role.BEHEERDER:
        return rapportages
    return rapportages.filter(soort=Rapportage.Soort.INDICATOREN, gemeente__in=user.gemeenten.values("pk"))


def rapportage_get(user, pk, *, action: str = "lezen") -> Rapportage:
    """One report in the user's scope; the read (or download: action 'downloaden') is audited."""
    queryset = rapportages_for(user)
    try:
        uuid.UUID(str(pk))
        rapportage = queryset.get(pk=pk)
    except (ValueError, Rapportage.DoesNotExist):
        audit_record(user=user, action=action, object_type="rapportage", object_id=str(pk)[:64], result=Result.NIET_GEVONDEN)
        raise NotFound("Deze rapportage bestaat niet of valt buiten uw bereik.") from None
    if action == "lezen":
        audit_record(user=user, action=action, object_type="rapportage", object_id=rapportage.pk)
    return rapportage


def rapportage_bestand(user, pk) -> tuple[Rapportage, Path]:
    """The finished file of a report in the user's scope; the download (or why it cannot be) is audited."""
    rapportage = rapportage_get(user, pk, action="downloaden")
    path = Path(settings.RAPPORTAGE_DIR) / rapportage.bestand if rapportage.bestand else None
    if rapportage.status != Rapportage.Status.GEREED or path is None or not path.is_file():
        audit_record(user=user, action="downloaden", object_type="rapportage", object_id=rapportage.pk, result=Result.CONFLICT,
                     detail={"status": rapportage.status})
        if rapportage.status == Rapportage.Status.MISLUKT:
            raise Conflict("Deze rapportage is mislukt; er is geen bestand. Vraag een nieuwe rapportage aan.")
        if rapportage.status != Rapportage.Status.GEREED:
            raise Conflict(f"Deze rapportage is nog niet klaar (status: {rapportage.get_status_display().lower()}, "
                           f"{rapportage.voortgang}%). Probeer het later opnieuw.")
        raise Conflict("Het bestand van deze rapportage is niet meer beschikbaar. Vraag de rapportage opnieuw aan.")
    audit_record(user=user, action="downloaden", object_type="rapportage", object_id=rapportage.pk,
                 detail={"soort": rapportage.soort, "periode": rapportage.periode, "gemeente": rapportage.gemeente_id or "alle",
                         "sha256": rapportage.sha256})
    return rapportage, path
