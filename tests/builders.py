"""Case data for tests, made through `cases.services` exactly as in production (the organisation and its users come
from tests/factories.py and the fixtures of tests/conftest.py).

Two kinds of builders, on purpose with different dates:

- relative to today (`make_jeugdige`, `make_dossier`, `make_contact`, `active_dossier`): a dossier is aangemeld 60 days
  ago and a contact is 30 days ago unless a test says otherwise, for the rules about today and the future;
- fixed in early 2024 (`team_jeugdige`, `dossier_in_status`, `team_contact`, `team_cases`): a jeugdige of the team's
  first gemeente, a dossier aangemeld on AANMELDDATUM and brought into a given status, for the API access matrix,
  whose outcome depends on the status and not on today.

Also here: `snapshot()` and `last_audit()`, to check what a rejected request left behind.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from cases import services
from cases.choices import Status
from cases.models import Adres, Contact, Correctie, Doorverwijzing, Dossier, Hulpperiode, Jeugdige, StatusWijziging
from jgt_registratie.models import AuditLog

VALID_BSN = "111222333"  # passes the 11-proef
OTHER_VALID_BSN = "123456782"


def d(value: str) -> date:
    return date.fromisoformat(value)


def today() -> date:
    return timezone.localdate()


def days_ago(n: int) -> date:
    return today() - timedelta(days=n)


# --- relative to today -----------------------------------------------------------------------------------------


def make_jeugdige(user, team, gemeente, **kw):
    fields = {"geboortedatum": date(2012, 4, 1), "geslacht": "V", **kw}
    return services.jeugdige_register(user=user, team=team, gemeente=gemeente, **fields)


def make_move(user, jeugdige, gemeente, geldig_vanaf, postcode=""):
    """A move of `jeugdige` to `gemeente` (and `postcode`) from `geldig_vanaf`, through the service."""
    return services.adres_register(user=user, jeugdige=jeugdige, gemeente=gemeente, geldig_vanaf=geldig_vanaf, postcode=postcode)


def make_dossier(user, team, gemeente, *, aanmelddatum=None, jeugdigen=None, **kw):
    jeugdigen = jeugdigen or [make_jeugdige(user, team, gemeente)]
    fields = {"aanmelder": "huisarts", "hulpsoort": "licht", "probleemcategorieen": ["opvoeding"], **kw}
    return services.dossier_open(user=user, team=team, jeugdigen=jeugdigen, aanmelddatum=aanmelddatum or days_ago(60), **fields)


def make_contact(user, team, *, dossier=None, datum=None, hulpsoort="licht", **kw):
    fields = {"duur_minuten": 45, "vorm": "face_to_face", "probleemcategorieen": ["opvoeding"], **kw}
    return services.contact_register(user=user, team=team, dossier=dossier, datum=datum or days_ago(30), hulpsoort=hulpsoort, **fields)


def active_dossier(user, team, gemeente, *, since=30):
    dossier = make_dossier(user, team, gemeente)
    make_contact(user, team, dossier=dossier, datum=days_ago(since))
    return Dossier.objects.get(pk=dossier.pk)


# --- fixed in early 2024 ---------------------------------------------------------------------------------------

AANMELDDATUM = date(2024, 1, 8)
ACTIEF_SINDS = date(2024, 1, 15)
AFGESLOTEN_OP = date(2024, 3, 1)
CONTACTDATUM = date(2024, 1, 10)


def team_jeugdige(*, user, team, geboortedatum=date(2015, 3, 14), geslacht="V", bsn=None) -> Jeugdige:
    """A jeugdige of the team's first gemeente (by code), postcode 2311AB."""
    return make_jeugdige(user, team, team.gemeenten.order_by("code").first(), bsn=bsn, geboortedatum=geboortedatum, geslacht=geslacht,
                         postcode="2311AB")


def dossier_in_status(*, user, team, status=Status.AANGEMELD, teamleider=None, jeugdige=None) -> Dossier:
    """A dossier of `team` in `status`; closing (status afgesloten) needs a `teamleider` of the team."""
    jeugdige = jeugdige or team_jeugdige(user=user, team=team)
    dossier = make_dossier(user, team, None, jeugdigen=[jeugdige], aanmelddatum=AANMELDDATUM, aanmelder="school",  # gemeente: the jeugdige's
                           gestart_met_crisis=False)
    if status == Status.ACTIEF:
        dossier = services.dossier_activate(user=user, dossier=dossier, datum=ACTIEF_SINDS)
    elif status == Status.WAAKVLAM:
        dossier = services.dossier_activate(user=user, dossier=dossier, datum=ACTIEF_SINDS)
        dossier = services.dossier_waakvlam(user=user, dossier=dossier, datum=date(2024, 2, 1), evaluatiedatum=date(2024, 5, 1))
    elif status == Status.AFGESLOTEN:
        if teamleider is None:
            raise ValueError("Closing a dossier needs a teamleider.")
        dossier = services.dossier_close(user=teamleider, dossier=dossier, einddatum=AFGESLOTEN_OP, reden_beeindiging="01",
                                         doelen_bereikt="ja", zonder_hulp_verder="ja", tevredenheid=4)
    elif status != Status.AANGEMELD:
        raise ValueError(f"Unknown status {status!r}")
    return Dossier.objects.get(pk=dossier.pk)


def team_contact(*, user, team, dossier=None, hulpsoort="preventief") -> Contact:
    """A contact of `team` on CONTACTDATUM; with a dossier it is preventief by default, so it does not activate the dossier."""
    extra = {} if dossier is not None else {"gemeente": team.gemeenten.order_by("code").first(), "leeftijdsklasse": "4-11"}
    return make_contact(user, team, dossier=dossier, datum=CONTACTDATUM, hulpsoort=hulpsoort, duur_minuten=30, vorm="telefonisch", **extra)


@dataclass
class TeamCases:
    team: object
    jeugdige: Jeugdige
    dossier: Dossier
    contact: Contact

    def ids(self) -> dict[str, str]:
        return {"jeugdige": str(self.jeugdige.pk), "dossier": str(self.dossier.pk), "contact": str(self.contact.pk)}


def team_cases(*, user, team) -> TeamCases:
    """A jeugdige, its dossier (aangemeld) and a contact on that dossier, all of `team`."""
    jeugdige = team_jeugdige(user=user, team=team)
    dossier = dossier_in_status(user=user, team=team, jeugdige=jeugdige)
    contact = team_contact(user=user, team=team, dossier=dossier)
    return TeamCases(team=team, jeugdige=jeugdige, dossier=dossier, contact=contact)


# --- registrations of definitions 2027.1 that the services do not offer yet ------------------------------------------
# Stand-ins until the services of issue 10 exist (a move through the jeugdige service, inzet on a contact, the reden and
# outcome asked at waakvlam); the tests call these, so swapping a body for the service call keeps them.


def move(jeugdige: Jeugdige, *, gemeente, vanaf: date, postcode: str = "") -> Adres:
    """The jeugdige moves to `gemeente` (and `postcode`) from `vanaf`, registered by whoever registered the jeugdige."""
    return make_move(jeugdige.aangemaakt_door, jeugdige, gemeente, vanaf, postcode)


# --- what a rejected request leaves behind -----------------------------------------------------------------------


def snapshot():
    """Everything a rejected request must leave unchanged (the audit log may grow)."""
    return (
        Jeugdige.objects.count(), Dossier.objects.count(), Contact.objects.count(), StatusWijziging.objects.count(),
        Doorverwijzing.objects.count(), Hulpperiode.objects.count(), Adres.objects.count(), Correctie.objects.count(),
        sorted(Dossier.objects.values_list("id", "status", "versie", "evaluatiedatum", "einddatum")),
    )


def last_audit():
    return AuditLog.objects.order_by("-id").first()
