"""Case data for API tests, made through `cases.services` exactly as in production.

`build_world` gives each of two teams a jeugdige, a dossier (aangemeld) and a contact on that dossier;
`new_dossier` makes a fresh dossier of a team in a given status, for tests whose outcome depends on it.
All dates lie in the past (early 2024), so no "datum in de toekomst" rule interferes.
"""

from dataclasses import dataclass
from datetime import date

from cases import services
from cases.choices import Status
from cases.models import Contact, Dossier, Jeugdige

AANMELDDATUM = date(2024, 1, 8)
ACTIEF_SINDS = date(2024, 1, 15)
AFGESLOTEN_OP = date(2024, 3, 1)


def new_jeugdige(*, user, team, geboortedatum=date(2015, 3, 14), geslacht="V", bsn=None) -> Jeugdige:
    return services.jeugdige_register(user=user, team=team, bsn=bsn, geboortedatum=geboortedatum, geslacht=geslacht,
                                      postcode="2311AB", gemeente=team.gemeenten.order_by("code").first())


def new_dossier(*, user, team, status=Status.AANGEMELD, teamleider=None, jeugdige=None) -> Dossier:
    """A dossier of `team` in `status`; closing (status afgesloten) needs a `teamleider` of the team."""
    jeugdige = jeugdige or new_jeugdige(user=user, team=team)
    dossier = services.dossier_open(user=user, team=team, jeugdigen=[jeugdige], aanmelddatum=AANMELDDATUM, aanmelder="school",
                                    hulpsoort="licht", probleemcategorieen=["opvoeding"], gestart_met_crisis=False)
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


def new_contact(*, user, team, dossier=None, hulpsoort="preventief") -> Contact:
    """A contact of `team`; with a dossier it is preventief by default, so it does not activate the dossier."""
    extra = {} if dossier is not None else {"gemeente": team.gemeenten.order_by("code").first(), "leeftijdsklasse": "4-11"}
    return services.contact_register(user=user, team=team, dossier=dossier, datum=date(2024, 1, 10), duur_minuten=30,
                                     vorm="telefonisch", hulpsoort=hulpsoort, probleemcategorieen=["opvoeding"], **extra)


@dataclass
class TeamCases:
    team: object
    jeugdige: Jeugdige
    dossier: Dossier
    contact: Contact

    def ids(self) -> dict[str, str]:
        return {"jeugdige": str(self.jeugdige.pk), "dossier": str(self.dossier.pk), "contact": str(self.contact.pk)}


@dataclass
class World:
    noord: TeamCases
    other: TeamCases


def team_cases(*, user, team) -> TeamCases:
    jeugdige = new_jeugdige(user=user, team=team)
    dossier = new_dossier(user=user, team=team, jeugdige=jeugdige)
    contact = new_contact(user=user, team=team, dossier=dossier)
    return TeamCases(team=team, jeugdige=jeugdige, dossier=dossier, contact=contact)


def build_world(*, team, professional, other_team, other_professional) -> World:
    """Noord's cases (made by `professional`) and the other team's (made by `other_professional`)."""
    return World(noord=team_cases(user=professional, team=team), other=team_cases(user=other_professional, team=other_team))
