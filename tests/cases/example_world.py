"""EXAMPLE-WORLD.md, built through the services exactly as a team would register it."""

from dataclasses import dataclass

from cases import services
from cases.models import Dossier, Jeugdige
from tests.builders import d


@dataclass
class World:
    jeugdigen: dict[str, Jeugdige]
    dossiers: dict[str, Dossier]


def contact(user, team, dossier, datum, hulpsoort, categorie, **extra):
    return services.contact_register(
        user=user, team=team, dossier=dossier, datum=d(datum), duur_minuten=30, vorm="face_to_face",
        hulpsoort=hulpsoort, probleemcategorieen=[categorie], **extra,
    )


def build_example_world(*, professional, teamleider, team, leiden) -> World:
    kids = {
        name: services.jeugdige_register(user=professional, team=team, geboortedatum=d(born), geslacht=sex, gemeente=leiden)
        for name, born, sex in [("A", "2010-03-01", "V"), ("B", "2012-05-05", "M"), ("C", "2014-07-07", "V"),
                                ("D", "2015-01-01", "M"), ("E", "2008-09-09", "O")]
    }

    def open_(kids_, datum, aanmelder, categorie):
        return services.dossier_open(user=professional, team=team, jeugdigen=kids_, aanmelddatum=d(datum), aanmelder=aanmelder,
                                     hulpsoort="licht", probleemcategorieen=[categorie])

    d1 = open_([kids["A"]], "2019-11-01", "huisarts", "scheiding")
    contact(professional, team, d1, "2019-11-05", "licht", "scheiding")
    contact(professional, team, None, "2019-12-30", "preventief", "scheiding", gemeente=leiden, leeftijdsklasse="12-17")
    contact(professional, team, d1, "2020-01-20", "middelzwaar", "scheiding")
    contact(professional, team, None, "2020-02-10", "preventief", "scheiding", gemeente=leiden, leeftijdsklasse="4-11")
    services.dossier_waakvlam(user=professional, dossier=d1, datum=d("2020-02-15"), evaluatiedatum=d("2020-05-15"))
    d2 = open_([kids["B"], kids["C"]], "2020-03-01", "school", "opvoeding")
    contact(professional, team, d2, "2020-03-03", "preventief", "opvoeding")
    contact(professional, team, d2, "2020-04-14", "licht", "opvoeding")
    services.dossier_activate(user=professional, dossier=d1, datum=d("2020-05-10"))
    contact(professional, team, d1, "2020-05-12", "licht", "scheiding")
    d3 = open_([kids["D"]], "2020-06-01", "huisarts", "opvoeding")
    contact(professional, team, d3, "2020-06-01", "preventief", "opvoeding")
    services.dossier_close(user=teamleider, dossier=d3, einddatum=d("2020-07-01"), reden_beeindiging="02",
                           doelen_bereikt="deels", zonder_hulp_verder="ja", tevredenheid=4)
    contact(professional, team, None, "2020-07-07", "licht", "scheiding", gemeente=leiden, leeftijdsklasse="18-22")
    services.dossier_close(user=teamleider, dossier=d1, einddatum=d("2020-08-31"), reden_beeindiging="01",
                           doelen_bereikt="ja", zonder_hulp_verder="ja", tevredenheid=5)
    contact(professional, team, d2, "2020-09-01", "zwaar", "opvoeding")
    services.doorverwijzing_register(user=professional, dossier=d2, datum=d("2020-09-15"), soort="jeugd_ggz")
    d4 = open_([kids["E"]], "2020-10-01", "zelf", "school")
    contact(professional, team, d4, "2020-10-02", "licht", "school")
    services.dossier_waakvlam(user=professional, dossier=d4, datum=d("2020-12-01"), evaluatiedatum=d("2021-03-01"))
    dossiers = {name: Dossier.objects.get(pk=x.pk) for name, x in [("D1", d1), ("D2", d2), ("D3", d3), ("D4", d4)]}
    return World(jeugdigen=kids, dossiers=dossiers)
