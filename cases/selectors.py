"""Every read of person data. Scoped to the user's role and teams; single-object reads are audited.

Professionals and teamleiders see their own teams' jeugdigen, dossiers and contacten; every other
role sees nothing here and gets Forbidden. An object outside the scope is NotFound, exactly as if it
did not exist.
"""

import uuid

from django.db.models import Prefetch, QuerySet

from cases.models import Contact, Dossier, Jeugdige, StatusWijziging
from jgt_registratie.audit import Result, audit_record
from jgt_registratie.errors import Forbidden, NotFound


def _require_case_role(user, object_type: str) -> None:
    if not (user.is_authenticated and user.works_on_cases):
        audit_record(user=user, action="lezen", object_type=object_type, result=Result.GEWEIGERD)
        raise Forbidden("Uw rol heeft geen toegang tot dossiers, jeugdigen of contacten.")


def _team_ids(user):
    return user.teams.values("pk")


def dossiers_for(user) -> QuerySet[Dossier]:
    _require_case_role(user, "dossier")
    return Dossier.objects.filter(team__in=_team_ids(user))


def jeugdigen_for(user) -> QuerySet[Jeugdige]:
    _require_case_role(user, "jeugdige")
    teams = _team_ids(user)
    in_dossier = Dossier.jeugdigen.through.objects.filter(dossier__team__in=teams).values("jeugdige_id")
    return Jeugdige.objects.filter(team__in=teams) | Jeugdige.objects.filter(pk__in=in_dossier)


def contacten_for(user) -> QuerySet[Contact]:
    _require_case_role(user, "contact")
    return Contact.objects.filter(team__in=_team_ids(user))


def dossier_detail_queryset(queryset: QuerySet[Dossier]) -> QuerySet[Dossier]:
    return queryset.select_related("team", "regiehouder").prefetch_related(
        "jeugdigen",
        "probleemcategorieen",
        "hulpperiodes",
        "doorverwijzingen",
        Prefetch("statusgeschiedenis", queryset=StatusWijziging.objects.order_by("datum", "id")),
    )


_ARTICLE = {"dossier": "Dit", "contact": "Dit", "jeugdige": "Deze"}


def _get(queryset, pk, *, user, object_type: str, action: str):
    try:
        uuid.UUID(str(pk))
        obj = queryset.get(pk=pk)
    except (ValueError, queryset.model.DoesNotExist):
        audit_record(user=user, action=action, object_type=object_type, object_id=str(pk)[:64], result=Result.NIET_GEVONDEN)
        raise NotFound(f"{_ARTICLE[object_type]} {object_type} bestaat niet of valt buiten uw teams.") from None
    if action == "lezen":
        audit_record(user=user, action=action, object_type=object_type, object_id=obj.pk)
    return obj


def dossier_get(user, pk, *, action: str = "lezen") -> Dossier:
    """One dossier of the user's teams; `action` other than 'lezen' means the caller will write it (and audit)."""
    return _get(dossier_detail_queryset(dossiers_for(user)), pk, user=user, object_type="dossier", action=action)


def jeugdige_get(user, pk, *, action: str = "lezen") -> Jeugdige:
    return _get(jeugdigen_for(user).select_related("gemeente", "team"), pk, user=user, object_type="jeugdige", action=action)


def contact_get(user, pk) -> Contact:
    return _get(contacten_for(user).prefetch_related("probleemcategorieen"), pk, user=user, object_type="contact", action="lezen")

