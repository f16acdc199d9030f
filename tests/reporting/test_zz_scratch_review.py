"""Scratch experiments (reviewer) - to be deleted."""
from datetime import date, timedelta

from cases import services
from cases.models import Hulpperiode
from reporting.indicators import bereken_indicatoren
from reporting.periods import Periode

D = date.fromisoformat


def kid(user, team, gemeente, bsn=None):
    return services.jeugdige_register(user=user, team=team, geboortedatum=D("2012-01-01"), geslacht="V", gemeente=gemeente, bsn=bsn)


def open_(user, team, kids, datum, aanmelder="zelf", cat="opvoeding", hulpsoort="licht"):
    return services.dossier_open(user=user, team=team, jeugdigen=kids, aanmelddatum=D(datum), aanmelder=aanmelder,
                                 hulpsoort=hulpsoort, probleemcategorieen=[cat])


def c(user, team, dossier, datum, hulpsoort="licht", minuten=30, cat="opvoeding", **kw):
    return services.contact_register(user=user, team=team, dossier=dossier, datum=D(datum), duur_minuten=minuten, vorm="face_to_face",
                                     hulpsoort=hulpsoort, probleemcategorieen=[cat], **kw)


def ind(periode, gem=("0546",)):
    return {i.code: i for i in bereken_indicatoren(periode, None if gem is None else list(gem))}


def cells(i):
    return {(x.dimensie, x.categorie): x.waarde for x in i.uitsplitsingen if x.waarde}


def test_i04_history(professional, teamleider, team, leiden):
    a = open_(professional, team, [kid(professional, team, leiden)], "2022-01-03")
    c(professional, team, a, "2022-01-05")
    services.dossier_waakvlam(user=professional, dossier=a, datum=D("2022-02-01"), evaluatiedatum=D("2022-03-01"))
    services.dossier_activate(user=professional, dossier=a, datum=D("2022-04-10"))
    b = open_(professional, team, [kid(professional, team, leiden)], "2022-01-03")
    c(professional, team, b, "2022-01-05")
    services.dossier_waakvlam(user=professional, dossier=b, datum=D("2022-04-05"), evaluatiedatum=D("2022-06-01"))
    q1 = ind(Periode.kwartaal(2022, 1))
    print("I04 Q1", q1["I04"].totaal.waarde, cells(q1["I04"]))
    q2 = ind(Periode.kwartaal(2022, 2))
    print("I04 Q2", q2["I04"].totaal.waarde, cells(q2["I04"]))


def test_duration_and_herhaald(professional, teamleider, team, leiden):
    # durations: 91, 92, 182, 183, 365, 366 days
    for n in (91, 92, 182, 183, 365, 366):
        k = kid(professional, team, leiden)
        dd = open_(professional, team, [k], "2020-01-01")
        c(professional, team, dd, "2020-01-02")
        end = D("2020-01-02") + timedelta(days=n)
        c(professional, team, dd, end.isoformat())
        services.dossier_close(user=teamleider, dossier=dd, einddatum=end, reden_beeindiging="01", doelen_bereikt="ja", zonder_hulp_verder="ja")
        print(n, list(Hulpperiode.objects.filter(dossier=dd).values_list("start", "einde")))
    i = ind(Periode.jaar(2020))["I03"]
    i2 = ind(Periode.jaar(2021))["I03"]
    print("I03 2020", i.totaal.waarde, cells(i), "2021", i2.totaal.waarde, cells(i2))
    # herhaald: 365 and 366 days
    for gap in (365, 366):
        k = kid(professional, team, leiden)
        d1 = open_(professional, team, [k], "2018-01-01")
        c(professional, team, d1, "2018-02-01")
        services.dossier_close(user=teamleider, dossier=d1, einddatum=D("2018-02-01"), reden_beeindiging="01", doelen_bereikt="ja", zonder_hulp_verder="ja")
        start2 = D("2018-02-01") + timedelta(days=gap)
        d2 = open_(professional, team, [k], start2.isoformat())
        c(professional, team, d2, start2.isoformat())
    i = ind(Periode.jaar(2019))["I02"]
    print("I02 2019", i.totaal.waarde, cells(i))
