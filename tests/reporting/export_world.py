"""A small hand-built world for the export tests, registered through `cases.services` as a team would.

2020 (Leiden unless said otherwise):
- P (BSN 123456782, 17-05-2012, M, 2311AB): dossier D1 (crisis, huisarts), contacts 10-01 licht 30 min and 12-02
  middelzwaar 45 min, referral 10-02, closed 31-03 reden 01 -> hulpperiode 10-01..12-02 middelzwaar;
- Q (no BSN, 03-09-2014, V, no postcode): dossier D2, contacts 03-02 licht 60 min and 15-07 licht 30 min, closed
  31-08 reden 02 -> hulpperiode 03-02..15-07 (running at the end of H1); and dossier D5, contact 02-04 licht 20 min,
  still actief (overlaps D2, no contact since);
- R (BSN 111222333, 11-02-2010, O, 2351CD, Leiderdorp): dossier D3, contact 02-03 zwaar 20 min, waakvlam 01-04
  (evaluatie 01-06-2020, overdue) -> hulpperiode 02-03..02-03 zwaar, ended by waakvlam;
- and one contact without dossier (preventief, Leiden).

The `world` fixture (tests/reporting/conftest.py) builds it.
"""

from dataclasses import dataclass

from cases import services
from cases.models import Dossier, Jeugdige
from tests.builders import d

BSN_P = "123456782"
BSN_R = "111222333"


@dataclass
class ExportWorld:
    p: Jeugdige
    q: Jeugdige
    r: Jeugdige
    d1: Dossier
    d2: Dossier
    d3: Dossier
    d5: Dossier


#: a parent of d1 (name, phone, e-mail): never in any export or report
BETROKKENE = ("Wubbo Tammelingsma", "06 98765432", "wubbo@voorbeeld.invalid")


def build(*, professional, teamleider, team, leiden, leiderdorp) -> ExportWorld:
    def kid(bsn, born, sex, postcode, gemeente, naam):
        voornamen, tussenvoegsel, achternaam = naam
        return services.jeugdige_register(user=professional, team=team, bsn=bsn, geboortedatum=d(born), geslacht=sex,
                                          postcode=postcode, gemeente=gemeente, voornamen=voornamen, tussenvoegsel=tussenvoegsel,
                                          achternaam=achternaam)

    def dossier(kids, datum, aanmelder, categories, crisis=False):
        return services.dossier_open(user=professional, team=team, jeugdigen=kids, aanmelddatum=d(datum), aanmelder=aanmelder,
                                     hulpsoort="licht", probleemcategorieen=categories, gestart_met_crisis=crisis)

    def contact(dos, datum, hulpsoort, minutes, categories=("opvoeding",)):
        services.contact_register(user=professional, team=team, dossier=dos, datum=d(datum), duur_minuten=minutes, vorm="face_to_face",
                                  hulpsoort=hulpsoort, probleemcategorieen=list(categories))

    # names (issue 11) that never occur in a report by chance: the privacy scan looks for each of them
    p = kid(BSN_P, "2012-05-17", "M", "2311AB", leiden, ("Quirijn", "", "Zwartbroek"))
    q = kid(None, "2014-09-03", "V", "", leiden, ("Xandrijn", "van", "Oudewetering"))
    r = kid(BSN_R, "2010-02-11", "O", "2351CD", leiderdorp, ("Ymkje", "", "Hoogstraatman"))

    d1 = dossier([p], "2020-01-06", "huisarts", ["scheiding", "opvoeding"], crisis=True)
    services.betrokkene_add(user=professional, dossier=d1, naam=BETROKKENE[0], relatie="ouder", telefoon=BETROKKENE[1], email=BETROKKENE[2])
    contact(d1, "2020-01-10", "licht", 30, ["scheiding"])
    contact(d1, "2020-02-12", "middelzwaar", 45, ["psychisch"])
    services.doorverwijzing_register(user=professional, dossier=d1, datum=d("2020-02-10"), soort="jeugd_ggz")
    services.dossier_close(user=teamleider, dossier=d1, einddatum=d("2020-03-31"), reden_beeindiging="01",
                           doelen_bereikt="ja", zonder_hulp_verder="ja", tevredenheid=4)

    d2 = dossier([q], "2020-02-01", "school", ["school"])
    contact(d2, "2020-02-03", "licht", 60, ["school"])
    contact(d2, "2020-07-15", "licht", 30, ["school"])
    services.dossier_close(user=teamleider, dossier=d2, einddatum=d("2020-08-31"), reden_beeindiging="02",
                           doelen_bereikt="deels", zonder_hulp_verder="onbekend")

    d5 = dossier([q], "2020-04-01", "zelf", ["sociaal"])
    contact(d5, "2020-04-02", "licht", 20, ["sociaal"])

    d3 = dossier([r], "2020-03-01", "jgz", ["ontwikkeling"])
    contact(d3, "2020-03-02", "zwaar", 20, ["ontwikkeling"])
    services.dossier_waakvlam(user=professional, dossier=d3, datum=d("2020-04-01"), evaluatiedatum=d("2020-06-01"))

    services.contact_register(user=professional, team=team, dossier=None, datum=d("2020-03-10"), duur_minuten=15, vorm="telefonisch",
                              hulpsoort="preventief", probleemcategorieen=["opvoeding"], gemeente=leiden, leeftijdsklasse="12-17")
    return ExportWorld(p=p, q=q, r=r, d1=d1, d2=d2, d3=d3, d5=d5)
