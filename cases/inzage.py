"""The AVG inzage: who read or changed one jeugdige (and its dossiers and their contacts), and when, from the audit log.

For the beheerder (`Capability.INZAGE`) answering a request under the AVG (article 15). The beheerder may not read
the dossiers themselves, so only audit metadata leaves here: who, role, when, action, object type and id, result;
never a name, a BSN (beyond the one typed in) or the audit rows' details. Each inzage is audited itself, under the
jeugdige, before the rows are read: it shows up in its own list, and in every later one.
"""

import re
import uuid
from dataclasses import dataclass

from django.db.models import CharField, Count, Max, Min, Q, QuerySet
from django.db.models.functions import Cast

from cases.models import Contact, Dossier, Jeugdige
from jgt_registratie import rights
from jgt_registratie.audit import Action, Result, audit_record, audit_refusal
from jgt_registratie.errors import InvalidInput, NotFound
from jgt_registratie.models import AuditLog
from jgt_registratie.rights import Capability

#: actions that only read; every other action changed something (or tried to)
READ_ACTIONS = frozenset({Action.LEZEN, Action.ZOEKEN, Action.DOWNLOADEN, Action.AUDIT_INZAGE})

_SHORT_NUMBER = re.compile(r"^[0-9a-f]{8}$")
_BSN = re.compile(r"^[0-9]{9}$")


@dataclass(frozen=True)
class Inzage:
    jeugdige_id: uuid.UUID
    gezocht_op: str  # "bsn", "nummer" or "kenmerk"
    dossiers: int
    contacten: int
    regels: QuerySet[AuditLog]
    per_gebruiker: list[dict]


def _find(term: str) -> tuple[str, Jeugdige | None]:
    """The jeugdige meant by a BSN (9 digits), a full id (UUID) or the 8-digit number the web app shows."""
    text = term.strip().replace(" ", "").lower()
    if _BSN.fullmatch(text):
        return "bsn", Jeugdige.objects.filter(bsn=text).first()
    try:
        return "kenmerk", Jeugdige.objects.filter(pk=uuid.UUID(text)).first()
    except ValueError:
        pass
    if _SHORT_NUMBER.fullmatch(text):
        found = list(Jeugdige.objects.annotate(id_text=Cast("id", CharField())).filter(id_text__startswith=text)[:2])
        if len(found) > 1:
            raise InvalidInput.one("q", "meerdere", "Meer dan één jeugdige heeft dit nummer; geef het volledige kenmerk (de UUID) of het BSN.")
        return "nummer", found[0] if found else None
    raise InvalidInput.one("q", "ongeldig", "Geef het nummer van de jeugdige (8 tekens, zoals in de app), het volledige kenmerk of het BSN (9 cijfers).")


def inzage(*, user, zoekterm: str) -> Inzage:
    """Every audit row about the jeugdige, its dossiers and those dossiers' contacts, newest first. Audited; a
    refusal, an invalid term or an unknown jeugdige too (without the term: it may be a BSN)."""
    rights.require(user, Capability.INZAGE, action=Action.AUDIT_INZAGE)
    try:
        gezocht_op, jeugdige = _find(zoekterm)
    except InvalidInput as exc:
        audit_refusal(user=user, action=Action.AUDIT_INZAGE, object_type="jeugdige", result=Result.ONGELDIG, detail={"velden": ["q"]})
        raise exc
    if jeugdige is None:
        audit_refusal(user=user, action=Action.AUDIT_INZAGE, object_type="jeugdige", result=Result.NIET_GEVONDEN, detail={"gezocht_op": gezocht_op})
        raise NotFound("Er is geen jeugdige met dit nummer, kenmerk of BSN.")
    dossier_ids = [str(pk) for pk in Dossier.objects.filter(jeugdigen=jeugdige).values_list("pk", flat=True)]
    contact_ids = [str(pk) for pk in Contact.objects.filter(dossier_id__in=dossier_ids).values_list("pk", flat=True)]
    audit_record(user=user, action=Action.AUDIT_INZAGE, object_type="jeugdige", object_id=jeugdige.pk,
                 detail={"gezocht_op": gezocht_op, "dossiers": len(dossier_ids), "contacten": len(contact_ids)})
    about = (Q(object_type="jeugdige", object_id=str(jeugdige.pk)) | Q(object_type="dossier", object_id__in=dossier_ids)
             | Q(object_type="contact", object_id__in=contact_ids))
    rows = AuditLog.objects.filter(about)
    reads = Q(action__in=READ_ACTIONS)
    per_user = list(rows.values("username", "role").annotate(
        gelezen=Count("pk", filter=reads & Q(result=Result.OK)), gewijzigd=Count("pk", filter=~reads & Q(result=Result.OK)),
        geweigerd=Count("pk", filter=~Q(result=Result.OK)), eerste=Min("moment"), laatste=Max("moment"),
    ).order_by("-laatste", "username"))
    return Inzage(jeugdige.pk, gezocht_op, len(dossier_ids), len(contact_ids),
                  rows.only("moment", "username", "role", "action", "object_type", "object_id", "result").order_by("-moment", "-id"),
                  per_user)
