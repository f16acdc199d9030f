"""API tokens: issued by functioneel beheer (`manage.py issue_token`), valid `API_TOKEN_DAGEN` days, revocable
(`manage.py revoke_token` or the beheer action), every step audited. Checked at each request by
`jgt_registratie.api.authentication.ExpiringTokenAuthentication`."""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from rest_framework.authtoken.models import Token

from jgt_registratie import rights
from jgt_registratie.api.authentication import token_expired, token_expires_at
from jgt_registratie.audit import Action, audit_record, audit_refusals
from jgt_registratie.errors import Conflict, Forbidden


@dataclass(frozen=True)
class Issued:
    key: str
    expires_at: datetime
    new: bool


@audit_refusals(Action.TOKEN_UITGEVEN, "gebruiker", object_kwarg="target")
@transaction.atomic(durable=True)
def issue_token(*, target, renew: bool = False) -> Issued:
    """The target's token: the valid one again, or a new one when there is none, it expired, or `renew` asks for it.
    Run from the command line by functioneel beheer (the audit row names the token's user)."""
    if not target.is_active:
        raise Forbidden(f"Gebruiker '{target.username}' is gedeactiveerd; er wordt geen token uitgegeven.")
    token = Token.objects.select_for_update().filter(user=target).first()
    replaced = None
    if token is not None and (renew or token_expired(token)):
        replaced = "verlopen" if token_expired(token) else "vernieuwd"
        token.delete()
        token = None
    if token is not None:
        return Issued(token.key, token_expires_at(token), new=False)
    token = Token.objects.create(user=target)
    audit_record(user=target, action=Action.TOKEN_UITGEVEN, object_type="gebruiker", object_id=target.pk,
                 detail={"geldig_tot": token_expires_at(token).isoformat()} | ({"vervangt": replaced} if replaced else {}))
    return Issued(token.key, token_expires_at(token), new=True)


@audit_refusals(Action.TOKEN_INTREKKEN, "gebruiker", object_kwarg="target")
@transaction.atomic(durable=True)
def revoke_token(*, user, target) -> None:
    """Revoke the target's token at once (it answers 401 from now on). `user`: the beheerder, or None from the
    command line (`manage.py revoke_token`, run by functioneel beheer on the server)."""
    if user is not None:
        rights.check(user, rights.Capability.BEHEER)
    deleted, _ = Token.objects.filter(user=target).delete()
    if not deleted:
        raise Conflict(f"Gebruiker '{target.username}' heeft geen API-token.")
    audit_record(user=user, action=Action.TOKEN_INTREKKEN, object_type="gebruiker", object_id=target.pk,
                 detail={"gebruikersnaam": target.username} | ({} if user is not None else {"via": "beheercommando"}))
