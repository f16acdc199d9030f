"""A small hand-built world for the verantwoording (DOMAIN.md section 8), registered through `cases.services` as a team
would. The numbers in tests/reporting/test_verantwoording.py are computed by hand from this description.

Leiden (0546), team JGT Leiden Noord (alice registers, tessa closes). Every contact carries its dossier's category.

- D1, A (V, born 2015-06-01, postcode 2311AB, a BSN), opvoeding: aangemeld 2024-03-01 (huisarts); contacts licht hulp 2024-03-11
  60 min, 2024-11-04 40 min, 2025-01-13 30 min (100 s); waakvlam 2025-03-01 (evaluatie 2025-05-01); activeren 2025-04-20
  (before the evaluatiedatum: on time); contact 2025-05-12 licht 20 min (80 s); afgesloten 2025-06-30 reden 01.
  -> hp1 A 2024-03-11..2025-01-13 (ended by waakvlam, 130 minutes in all, 30 of them in 2025); hp2 A 2025-05-12..2025-05-12
  (herhaald beroep: hp1 ended 119 days before).
- D2, B (M, 2010-01-10) and C (V, 2020-05-05), school: aangemeld 2025-01-06 (school); contact 2025-01-16 middelzwaar hulp
  90 min (60 s); contact 2025-03-10 licht inzet toegang 40 min (30 s); doorverwijzing jeugd_ggz 2025-03-10, gestart
  2025-04-09, overbrugging; doorverwijzing lvb 2025-06-01, still verwezen; contact 2025-09-01 zwaar hulp 60 min (90 s).
  -> hp B, hp C 2025-01-16..running, zwaar at the end of 2025 (the toegang contact is no hulpcontact).
- D3, E (O, 2008-02-02), psychisch: aangemeld 2025-05-01 (zelf); contact 2025-05-02 preventief hulp 20 min (20 s);
  contact 2025-05-05 licht inzet advies 15 min (50 s); activeren 2025-06-01; no hulpcontact after: waiting.
- D4, F (V, 2012-12-12), ontwikkeling: aangemeld 2025-02-01 (jgz); contact 2025-02-11 licht hulp 45 min (70 s);
  doorverwijzing pleegzorg 2025-05-01, afgewezen 2025-05-20 ("geen plek"); waakvlam 2025-06-01 (evaluatie 2025-09-01),
  never evaluated. -> hp F 2025-02-11..2025-02-11.
- Without dossier: 2025-07-01 preventief hulp 25 min (40 s), Leiden, 4-11.

Leiderdorp (0547): team JGT Regio (serves Leiden and Leiderdorp; rob) has one contact without dossier in Leiderdorp,
2025-08-01, 30 min; team JGT Reserve (serves Leiden and Leiderdorp) has no contact at all.

Inputs: JgtBudget Leiden 2025 EUR 365,000; TeamFte 2025: JGT Leiden Noord 10, JGT Regio 4, JGT Reserve 2; StatLine Leiden
2023 (1600, 1500, 4500) and 2024 (1590, 1480, 4400); beleidskader Leiden: only the verordening.
"""

from dataclasses import dataclass
from decimal import Decimal

from cases import services
from cases.models import Doorverwijzing, Dossier
from jgt_registratie.models import Role
from reporting.models import Beleidskader, JgtBudget, StatlineCijfer, TeamFte
from tests.builders import d
from tests.factories import TeamFactory, UserFactory

#: names, a BSN and a betrokkene that never occur in a report by chance: the privacy scan looks for each of them
NAMEN = {"A": ("Wubbo", "", "Zeldenrust"), "B": ("Quirien", "van", "Oosterbroekhuis"), "C": ("Ytje", "", "Xanderveld"),
         "E": ("Jorrit", "", "Kwakernaakstra"), "F": ("Fenneke", "ter", "Uilenburgh")}
BSN_A = "123456782"
BETROKKENE = ("Hiltje Brouwersgracht", "0612345678", "hiltje@voorbeeld.nl")
VERORDENING = "Hulp van het jeugdteam is vrij toegankelijk: er is geen verwijzing nodig."


@dataclass
class World:
    dossiers: dict[str, Dossier]
    regio: object
    reserve: object


def build(*, professional, teamleider, team, leiden, leiderdorp, beheerder) -> World:
    alice, tessa = professional, teamleider

    def kid(naam, born, sex, postcode="", bsn=None):
        voornamen, tussenvoegsel, achternaam = NAMEN[naam]
        return services.jeugdige_register(user=alice, team=team, geboortedatum=d(born), geslacht=sex, gemeente=leiden, postcode=postcode,
                                          bsn=bsn, voornamen=voornamen, tussenvoegsel=tussenvoegsel, achternaam=achternaam)

    def open_(kids, datum, aanmelder, categorie):
        return services.dossier_open(user=alice, team=team, jeugdigen=kids, aanmelddatum=d(datum), aanmelder=aanmelder,
                                     hulpsoort="licht", probleemcategorieen=[categorie])

    def contact(dossier, datum, hulpsoort, minuten, seconden=None, inzet="hulp", **extra):
        categorie = dossier.probleemcategorieen.get().code if dossier else "opvoeding"
        return services.contact_register(user=alice, team=team, dossier=dossier, datum=d(datum), duur_minuten=minuten, vorm="face_to_face",
                                         hulpsoort=hulpsoort, probleemcategorieen=[categorie], inzet=inzet,
                                         registratieduur_seconden=seconden, **extra)

    def outcome(referral, status, datum, reden="", overbrugging=False):
        # The referral-outcome service belongs to the team side (issue 12, another part); the report only reads the fields.
        Doorverwijzing.objects.filter(pk=referral.pk).update(status=status, status_datum=d(datum), reden=reden, overbrugging=overbrugging)

    d1 = open_([kid("A", "2015-06-01", "V", "2311AB", bsn=BSN_A)], "2024-03-01", "huisarts", "opvoeding")
    contact(d1, "2024-03-11", "licht", 60)
    contact(d1, "2024-11-04", "licht", 40)
    contact(d1, "2025-01-13", "licht", 30, 100)
    d2 = open_([kid("B", "2010-01-10", "M"), kid("C", "2020-05-05", "V")], "2025-01-06", "school", "school")
    services.betrokkene_add(user=alice, dossier=d2, naam=BETROKKENE[0], relatie="ouder", telefoon=BETROKKENE[1], email=BETROKKENE[2])
    contact(d2, "2025-01-16", "middelzwaar", 90, 60)
    d4 = open_([kid("F", "2012-12-12", "V")], "2025-02-01", "jgz", "ontwikkeling")
    contact(d4, "2025-02-11", "licht", 45, 70)
    services.dossier_waakvlam(user=alice, dossier=d1, datum=d("2025-03-01"), evaluatiedatum=d("2025-05-01"))
    contact(d2, "2025-03-10", "licht", 40, 30, inzet="toegang")
    outcome(services.doorverwijzing_register(user=alice, dossier=d2, datum=d("2025-03-10"), soort="jeugd_ggz"), "gestart", "2025-04-09",
            overbrugging=True)
    services.dossier_activate(user=alice, dossier=d1, datum=d("2025-04-20"))
    d3 = open_([kid("E", "2008-02-02", "O")], "2025-05-01", "zelf", "psychisch")
    outcome(services.doorverwijzing_register(user=alice, dossier=d4, datum=d("2025-05-01"), soort="pleegzorg"), "afgewezen", "2025-05-20",
            reden="geen plek")
    contact(d3, "2025-05-02", "preventief", 20, 20)
    contact(d3, "2025-05-05", "licht", 15, 50, inzet="advies")
    contact(d1, "2025-05-12", "licht", 20, 80)
    services.dossier_activate(user=alice, dossier=d3, datum=d("2025-06-01"))
    services.doorverwijzing_register(user=alice, dossier=d2, datum=d("2025-06-01"), soort="lvb")
    services.dossier_waakvlam(user=alice, dossier=d4, datum=d("2025-06-01"), evaluatiedatum=d("2025-09-01"))
    services.dossier_close(user=tessa, dossier=d1, einddatum=d("2025-06-30"), reden_beeindiging="01", doelen_bereikt="ja",
                           zonder_hulp_verder="ja")
    contact(None, "2025-07-01", "preventief", 25, 40, gemeente=leiden, leeftijdsklasse="4-11")
    contact(d2, "2025-09-01", "zwaar", 60, 90)

    regio = TeamFactory(naam="JGT Regio", gemeenten=[leiden, leiderdorp])
    reserve = TeamFactory(naam="JGT Reserve", gemeenten=[leiden, leiderdorp])
    rob = UserFactory(username="rob", role=Role.PROFESSIONAL, teams=[regio])
    services.contact_register(user=rob, team=regio, datum=d("2025-08-01"), duur_minuten=30, vorm="telefonisch", hulpsoort="licht",
                              probleemcategorieen=["opvoeding"], gemeente=leiderdorp, leeftijdsklasse="12-17")

    JgtBudget.objects.create(gemeente=leiden, jaar=2025, bedrag=Decimal("365000"))
    for t, fte in ((team, 10), (regio, 4), (reserve, 2)):
        TeamFte.objects.create(team=t, jaar=2025, fte=Decimal(fte))
    StatlineCijfer.objects.create(gemeente=leiden, jaar=2023, jeugdigen_wijkteam=1600, trajecten_zonder_verwijzer=1500, trajecten_totaal=4500)
    StatlineCijfer.objects.create(gemeente=leiden, jaar=2024, jeugdigen_wijkteam=1590, trajecten_zonder_verwijzer=1480, trajecten_totaal=4400)
    Beleidskader.objects.create(gemeente=leiden, onderwerp="verordening", tekst=VERORDENING, auteur=beheerder)
    return World(dossiers={name: Dossier.objects.get(pk=x.pk) for name, x in [("D1", d1), ("D2", d2), ("D3", d3), ("D4", d4)]},
                 regio=regio, reserve=reserve)
