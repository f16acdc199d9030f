"""Every read of reports (Rapportage rows and their files), scoped by the rights table and audited.

Each kind of report needs its right (`reporting.models.CAPABILITY_BY_SOORT`), and reaches the gemeenten
that right reaches for the user (`jgt_registratie.rights.gemeenten_for`): a beheerder sees every report,
a gemeente user the indicator reports of its own gemeente(n), including the automatic quarterly ones;
other roles have no reports (Forbidden). A report outside the scope is NotFound, exactly as if it did
not exist.
"""

import hashlib
import logging
import uuid
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from jgt_registratie import rights
from jgt_registratie.audit import Action, Result, audit_record, audit_refusal
from jgt_registratie.errors import Conflict, Forbidden, Gone, NotFound
from jgt_registratie.rights import Capability
from reporting.models import CAPABILITY_BY_SOORT, Rapportage

logger = logging.getLogger(__name__)
GEEN_TOEGANG = rights.RIGHTS[Capability.INDICATOR_REPORTS].weigering


def may_request_reports(user) -> bool:
    """Whether the user may request (and so see) reports of any kind at all."""
    return any(rights.can(user, capability) for capability in set(CAPABILITY_BY_SOORT.values()))


def report_kinds_for(user) -> list[str]:
    """The kinds of report this user may request, in their fixed order."""
    return [soort for soort in Rapportage.Soort.values if rights.can(user, CAPABILITY_BY_SOORT[soort])]


def rapportages_for(user) -> QuerySet[Rapportage]:
    if not may_request_reports(user):
        audit_refusal(user=user, action=Action.LEZEN, object_type="rapportage", result=Result.GEWEIGERD)
        raise Forbidden(GEEN_TOEGANG)
    in_scope = Q(pk__in=[])
    for soort in report_kinds_for(user):
        capability = CAPABILITY_BY_SOORT[soort]
        reach = Q(gemeente__in=rights.gemeenten_for(user, capability).values("pk"))
        if rights.reaches_every_gemeente(user, capability):
            reach |= Q(gemeente__isnull=True)  # a report over all gemeenten
        in_scope |= Q(soort=soort) & reach
    # `cellen` (a CBS export's can be large) is for comparing versions only, never for a list or a download
    return Rapportage.objects.select_related("gemeente").filter(in_scope).defer("cellen")


def rapportage_get(user, pk, *, action: str = Action.LEZEN) -> Rapportage:
    """One report in the user's scope; the read (or download: action 'downloaden') is audited."""
    queryset = rapportages_for(user)
    try:
        uuid.UUID(str(pk))
        rapportage = queryset.get(pk=pk)
    except (ValueError, Rapportage.DoesNotExist):
        audit_refusal(user=user, action=action, object_type="rapportage", object_id=str(pk)[:64], result=Result.NIET_GEVONDEN)
        raise NotFound("Deze rapportage bestaat niet of valt buiten uw bereik.") from None
    if action == Action.LEZEN:
        audit_record(user=user, action=action, object_type="rapportage", object_id=rapportage.pk)
    return rapportage


def rapportage_bestand(user, pk) -> tuple[Rapportage, BinaryIO]:
    """The finished file of a report in the user's scope, checked against its sha256, as an open binary handle at its start
    (the caller serves it, e.g. `FileResponse`, which closes it); the download (or why it cannot be) is audited. Never a half
    file: the worker writes atomically, and a file that does not match its sha256 (damaged, or not what the worker
    finished) is refused (409) instead of served. The file is read a megabyte at a time, never whole into memory, and the
    handle that was checked is the one served."""
    rapportage = rapportage_get(user, pk, action=Action.DOWNLOADEN)
    if rapportage.bestand_verwijderd_op is not None:
        audit_refusal(user=user, action=Action.DOWNLOADEN, object_type="rapportage", object_id=rapportage.pk, result=Result.CONFLICT,
                      detail={"status": rapportage.status, "bestand_verwijderd_op": rapportage.bestand_verwijderd_op.isoformat()})
        raise Gone(f"Het bestand van deze rapportage is op {timezone.localtime(rapportage.bestand_verwijderd_op):%d-%m-%Y} verwijderd: "
                   f"een CBS-aanlevering bevat BSN's en wordt {settings.AANLEVERING_BEWAARDAGEN} dagen bewaard. "
                   "Vraag de rapportage opnieuw aan als u het bestand nog nodig hebt.")
    path = Path(settings.RAPPORTAGE_DIR) / rapportage.bestand if rapportage.bestand else None
    handle = _open(path) if rapportage.status == Rapportage.Status.GEREED and path is not None else None
    intact = handle is not None and _sha256(handle) == rapportage.sha256
    if not intact:
        if handle is not None:
            handle.close()
        audit_refusal(user=user, action=Action.DOWNLOADEN, object_type="rapportage", object_id=rapportage.pk, result=Result.CONFLICT,
                      detail={"status": rapportage.status, **({"bestand": "beschadigd"} if handle is not None else {})})
        if rapportage.status == Rapportage.Status.MISLUKT:
            raise Conflict("Deze rapportage is mislukt; er is geen bestand. Vraag een nieuwe rapportage aan.")
        if rapportage.status != Rapportage.Status.GEREED:
            raise Conflict(f"Deze rapportage is nog niet klaar (status: {rapportage.get_status_display().lower()}, "
                           f"{rapportage.voortgang}%). Probeer het later opnieuw.")
        if handle is not None:
            logger.error("Rapportage %s: het bestand komt niet overeen met zijn sha256", rapportage.pk)
        raise Conflict("Het bestand van deze rapportage is niet meer beschikbaar. Vraag de rapportage opnieuw aan.")
    audit_record(user=user, action=Action.DOWNLOADEN, object_type="rapportage", object_id=rapportage.pk,
                 detail={"soort": rapportage.soort, "periode": rapportage.periode, "gemeente": rapportage.gemeente_id or "alle",
                         "sha256": rapportage.sha256})
    return rapportage, handle


def _open(path: Path) -> BinaryIO | None:
    """The file opened for reading, or None when it is not (or no longer) a file."""
    try:
        return open(path, "rb")  # noqa: SIM115 (the caller's response closes it)
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None


def _sha256(handle: BinaryIO) -> str:
    """The sha256 of an open file, read a megabyte at a time; the handle rewound to its start."""
    digest = hashlib.sha256()
    while block := handle.read(1 << 20):
        digest.update(block)
    handle.seek(0)
    return digest.hexdigest()
