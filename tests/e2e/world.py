"""The data the browser tests start from, made through `cases.services` as a team would register it.

JGT Leiden Noord (alice, tessa) has two open dossiers: `actief` (a girl, Fenna Demosma, BSN 111222333, postcode
2311AB, born 01-04-2012; active since 30 days) and `aangemeld` (a boy, Daan Testervelt, born 14-03-2015); the names are
the demo's invented ones. JGT Leiderdorp (bob) has one dossier
that Noord must never see. alice's last contact is one without dossier (telefonisch, 15 min, preventief, Leiden,
4-11), so her form opens with those defaults.
"""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from cases.models import Dossier
from jgt_registratie.models import Gemeente, Team, User
from tests.builders import VALID_BSN, days_ago, make_contact, make_dossier, make_jeugdige


@dataclass
class World:
    leiden: Gemeente
    team: Team
    alice: User
    tessa: User
    bob: User
    gerda: User
    actief: Dossier
    aangemeld: Dossier
    elders: Dossier

    @property
    def today(self) -> date:
        return timezone.localdate()


def build(*, leiden, leiderdorp, team, other_team, professional, teamleider, other_professional, gemeente_user) -> World:
    girl = make_jeugdige(professional, team, leiden, bsn=VALID_BSN, postcode="2311AB", geboortedatum=date(2012, 4, 1),
                         voornamen="Fenna", achternaam="Demosma")
    actief = make_dossier(professional, team, leiden, jeugdigen=[girl], regiehouder=professional)
    make_contact(professional, team, dossier=actief, datum=days_ago(30))
    boy = make_jeugdige(professional, team, leiden, geboortedatum=date(2015, 3, 14), geslacht="M",
                        voornamen="Daan", achternaam="Testervelt")
    aangemeld = make_dossier(professional, team, leiden, jeugdigen=[boy], aanmelddatum=days_ago(10), regiehouder=professional,
                             hulpsoort="preventief", probleemcategorieen=["school"])
    elders = make_dossier(other_professional, other_team, leiderdorp)
    make_contact(professional, team, datum=days_ago(1), vorm="telefonisch", duur_minuten=15, hulpsoort="preventief",
                 probleemcategorieen=["opvoeding"], gemeente=leiden, leeftijdsklasse="4-11")
    return World(leiden=leiden, team=team, alice=professional, tessa=teamleider, bob=other_professional, gerda=gemeente_user,
                 actief=Dossier.objects.get(pk=actief.pk), aangemeld=Dossier.objects.get(pk=aangemeld.pk), elders=elders)
