"""A small hand-built world for the indicator tests, registered through `cases.services` as a team would.

Everything in 2021-2022; numbers in the tests are computed by hand from this description.

Leiden (0546), team JGT Leiden Noord (alice registers, tessa closes and reopens):

- DG, jeugdigen K1..K11 (one family, eleven children): aangemeld 2021-11-01 (school), category opvoeding;
  contact 2021-12-01 licht 60 min (opvoeding); contact 2022-02-01 middelzwaar 110 min (scheiding); doorverwijzing
  jeugd_ggz 2022-02-10; waakvlam 2022-03-01 (evaluatie 2022-06-01); activeren 2022-05-02; contact 2022-05-10 licht
  55 min (opvoeding); afgesloten 2022-06-30 reden 01, doelen ja, tevredenheid 4, zonder hulp ja; heropend
  2022-09-01; contact 2022-09-05 zwaar 30 min (school).
- DS, S: aangemeld 2022-01-10 (huisarts), psychisch; contact 2022-01-20 preventief 30 min; contact 2022-02-14 licht
  40 min; doorverwijzing lvb 2022-03-01; afgesloten 2022-04-15 reden 03, doelen nee, tevredenheid not asked,
  zonder hulp onbekend.
- DP, P: aangemeld 2022-03-01 (zelf), opvoeding; contact 2022-03-02 preventief 20 min (stays aangemeld).
- DX, X: aangemeld 2021-06-01 (jgz), ontwikkeling; contact 2021-06-01 licht 50 min; contact 2022-01-10 licht 50 min;
  afgesloten 2022-01-31 reden 02, doelen deels, tevredenheid 2, zonder hulp nee.
- Without dossier: 12 contacts preventief, telefonisch, 10 min, 2022-01-05 .. 2022-01-16, registratieduur 10, 20,
  .. 120 s; 1 contact licht, video, 15 min, 2022-07-01.

Leiderdorp (0547), team JGT Leiderdorp/Zoeterwoude (bob):

- DL, L: aangemeld 2022-01-03 (politie), opvoeding; contact 2022-01-04 licht 45 min; waakvlam 2022-08-01
  (evaluatie 2022-09-01).
- Without dossier: 1 contact preventief 25 min 2022-01-05.

Hulpperiodes (per jeugdige):
- K1..K11 hp1 2021-12-01..2022-02-01 middelzwaar, {opvoeding, scheiding}, ended by waakvlam (62 days);
- K1..K11 hp2 2022-05-10..2022-05-10 licht, {opvoeding}, closure 01 (0 days, herhaald: hp1 ended 98 days before; the
  stretch began 05-02, help at its first hulpcontact, definitions 2027.1);
- K1..K11 hp3 2022-09-05..running zwaar, {opvoeding, school} (herhaald: hp2 ended 118 days before);
- S 2022-02-14..2022-02-14 licht {psychisch}, closure 03; X 2021-06-01..2022-01-10 licht {ontwikkeling}, closure 02 (223 days);
- L 2022-01-04..2022-01-04 licht {opvoeding}, waakvlam.
"""

from dataclasses import dataclass
from datetime import timedelta

from cases import services
from cases.models import Dossier
from tests.builders import d


@dataclass
class World:
    dossiers: dict[str, Dossier]


def _contact(user, team, dossier, datum, hulpsoort, minuten, categorie, vorm="face_to_face", **extra):
    return services.contact_register(user=user, team=team, dossier=dossier, datum=d(datum) if isinstance(datum, str) else datum,
                                     duur_minuten=minuten, vorm=vorm, hulpsoort=hulpsoort, probleemcategorieen=[categorie], **extra)


def build_world(*, professional, teamleider, team, leiden, other_professional, other_team, leiderdorp) -> World:
    alice, tessa, bob = professional, teamleider, other_professional

    def kid(gemeente, user, team_, born="2012-01-01"):
        return services.jeugdige_register(user=user, team=team_, geboortedatum=d(born), geslacht="V", gemeente=gemeente)

    def open_(user, team_, kids, datum, aanmelder, categorie):
        return services.dossier_open(user=user, team=team_, jeugdigen=kids, aanmelddatum=d(datum), aanmelder=aanmelder,
                                     hulpsoort="licht", probleemcategorieen=[categorie])

    dx = open_(alice, team, [kid(leiden, alice, team)], "2021-06-01", "jgz", "ontwikkeling")
    _contact(alice, team, dx, "2021-06-01", "licht", 50, "ontwikkeling")
    dg = open_(alice, team, [kid(leiden, alice, team) for _ in range(11)], "2021-11-01", "school", "opvoeding")
    _contact(alice, team, dg, "2021-12-01", "licht", 60, "opvoeding")

    dl = open_(bob, other_team, [kid(leiderdorp, bob, other_team)], "2022-01-03", "politie", "opvoeding")
    _contact(bob, other_team, dl, "2022-01-04", "licht", 45, "opvoeding")
    _contact(bob, other_team, None, "2022-01-05", "preventief", 25, "opvoeding", gemeente=leiderdorp, leeftijdsklasse="4-11")
    for i in range(12):
        _contact(alice, team, None, d("2022-01-05") + timedelta(days=i), "preventief", 10, "opvoeding", vorm="telefonisch",
                 gemeente=leiden, leeftijdsklasse="12-17", registratieduur_seconden=10 * (i + 1))
    ds = open_(alice, team, [kid(leiden, alice, team)], "2022-01-10", "huisarts", "psychisch")
    _contact(alice, team, dx, "2022-01-10", "licht", 50, "ontwikkeling")
    _contact(alice, team, ds, "2022-01-20", "preventief", 30, "psychisch")
    services.dossier_close(user=tessa, dossier=dx, einddatum=d("2022-01-31"), reden_beeindiging="02", doelen_bereikt="deels",
                           zonder_hulp_verder="nee", tevredenheid=2)
    _contact(alice, team, dg, "2022-02-01", "middelzwaar", 110, "scheiding")
    services.doorverwijzing_register(user=alice, dossier=dg, datum=d("2022-02-10"), soort="jeugd_ggz")
    _contact(alice, team, ds, "2022-02-14", "licht", 40, "psychisch")
    services.dossier_waakvlam(user=alice, dossier=dg, datum=d("2022-03-01"), evaluatiedatum=d("2022-06-01"))
    services.doorverwijzing_register(user=alice, dossier=ds, datum=d("2022-03-01"), soort="lvb")
    dp = open_(alice, team, [kid(leiden, alice, team)], "2022-03-01", "zelf", "opvoeding")
    _contact(alice, team, dp, "2022-03-02", "preventief", 20, "opvoeding")
    services.dossier_close(user=tessa, dossier=ds, einddatum=d("2022-04-15"), reden_beeindiging="03", doelen_bereikt="nee",
                           zonder_hulp_verder="onbekend")
    services.dossier_activate(user=alice, dossier=dg, datum=d("2022-05-02"))
    _contact(alice, team, dg, "2022-05-10", "licht", 55, "opvoeding")
    services.dossier_close(user=tessa, dossier=dg, einddatum=d("2022-06-30"), reden_beeindiging="01", doelen_bereikt="ja",
                           zonder_hulp_verder="ja", tevredenheid=4)
    _contact(alice, team, None, "2022-07-01", "licht", 15, "sociaal", vorm="video", gemeente=leiden, leeftijdsklasse="12-17")
    services.dossier_waakvlam(user=bob, dossier=dl, datum=d("2022-08-01"), evaluatiedatum=d("2022-09-01"))
    services.dossier_reopen(user=tessa, dossier=dg, datum=d("2022-09-01"))
    _contact(alice, team, dg, "2022-09-05", "zwaar", 30, "school")
    return World(dossiers={name: Dossier.objects.get(pk=x.pk) for name, x in [("DG", dg), ("DS", ds), ("DP", dp), ("DX", dx), ("DL", dl)]})
