"""Sections 6-8 of the verantwoording (DOMAIN.md section 8): monitoring, the beleidskader, the registration burden."""

from decimal import Decimal

from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

from jgt_registratie.audit import Action
from reporting.indicators import DEFINITIEVERSIE
from reporting.indicators.base import Cel, Context, Soort, ratio
from reporting.indicators.definities import I15
from reporting.models import Beleidskader, BeleidskaderOnderwerp, Rapportage
from reporting.periods import Periode
from reporting.quality import findings, findings_summary
from reporting.verantwoording.kosten import GEEN_FTE, aandelen, fte_in
from reporting.verantwoording.vorm import Rij, Sectie, Tabel, Tekst, aantal, leeg
from reporting.versions import corrections_since

NOG_NIET_INGEVULD = "nog niet ingevuld"
GEPUBLICEERD_MAX = 12
MAANDEN = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december")


def _gebruik_per_maand(ctx: Context, code: str) -> Tabel:
    """Requests and downloads of reports by the gemeente's own users (role gemeente, linked to it), per month of the
    period, from the audit log: counts only, successful actions.

    Read on the primary, where the audit log is complete: it is written there (its hash chain is extended from its last
    row, `config.routers` keeps its ORM reads there too), and a replica may lag behind it, missing the latest requests,
    among them the request of this very report. Without a replica the primary is the reading connection, so this is part
    of the report's one snapshot (`reporting.verantwoording.rapport.momentopname`); with one, it is one statement on the
    primary, consistent in itself. The usage of the gemeente's reports is about the system, not about the registration
    the other sections count, so a moment between the two snapshots changes no figure of the registration."""
    sql = (
        "SELECT to_char(a.moment AT TIME ZONE %(tz)s, 'YYYY-MM') AS maand,"
        " count(*) FILTER (WHERE a.action = %(aanvragen)s), count(*) FILTER (WHERE a.action = %(downloaden)s)"
        " FROM jgt_registratie_auditlog a WHERE a.object_type = 'rapportage' AND a.result = 'ok'"
        " AND a.action IN (%(aanvragen)s, %(downloaden)s)"
        " AND (a.moment AT TIME ZONE %(tz)s)::date BETWEEN %(start)s AND %(einde)s"
        " AND a.user_id IN (SELECT ug.user_id FROM jgt_registratie_user_gemeenten ug JOIN jgt_registratie_user u ON u.id = ug.user_id"
        "  WHERE ug.gemeente_id = %(gemeente)s AND u.role = 'gemeente')"
        " GROUP BY 1")
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(sql, ctx.params(gemeente=code, aanvragen=Action.RAPPORTAGE_AANVRAGEN.value, downloaden=Action.DOWNLOADEN.value))
        rows = cursor.fetchall()
    per = {maand: (a, d) for maand, a, d in rows}
    rijen = []
    jaar, maand = ctx.periode.start.year, ctx.periode.start.month
    while (jaar, maand) <= (ctx.periode.einde.year, ctx.periode.einde.month):
        sleutel = f"{jaar}-{maand:02d}"
        a, d = per.get(sleutel, (0, 0))
        rijen.append(Rij(sleutel, f"{MAANDEN[maand - 1]} {jaar}", (aantal(a), aantal(d))))
        jaar, maand = (jaar + 1, 1) if maand == 12 else (jaar, maand + 1)
    return Tabel("gebruik", "Rapportages aangevraagd en gedownload door de gemeente, per maand", ("Aangevraagd", "Gedownload"),
                 tuple(rijen), grafiek=(0, 1))


def _gepubliceerd(gemeente) -> Tabel:
    """The gemeente's published reports (latest first) and the corrections made since each was published that touch
    its period (`reporting.versions.corrections_since`), counted, under disclosure control like every figure."""
    rijen = []
    nu = timezone.now()
    for pub in Rapportage.objects.filter(gemeente=gemeente, definitief=True).order_by("-definitief_op")[:GEPUBLICEERD_MAX]:
        nieuw = Rapportage(soort=pub.soort, periode=pub.periode, gemeente_id=pub.gemeente_id, formaat=pub.formaat,
                           aangemaakt_op=nu, gestart_op=nu)
        sinds = sum(c["aantal"] for c in corrections_since(nieuw, _als_vorige(pub)))
        rijen.append(Rij(str(pub.pk), f"{pub.get_soort_display()} {pub.periode} ({pub.formaat}), versie {pub.versie}, "
                                      f"definitief op {timezone.localtime(pub.definitief_op):%d-%m-%Y}", (aantal(sinds),)))
    return Tabel("gepubliceerd", "Gepubliceerde rapportages en correcties sindsdien", ("Correcties sinds publicatie",), tuple(rijen))


def _als_vorige(pub: Rapportage) -> Rapportage:
    """The published report as the version corrections are counted from: from the moment it was published."""
    pub.gestart_op = pub.definitief_op
    return pub


def monitoring(ctx: Context, gemeente, vandaag) -> Sectie:
    """6. Monitoring: the data-quality findings of the gemeente's registration now (counts per kind), the definitions
    version, published versions and corrections since, and the use of the reports by the gemeente."""
    kwaliteit = Tabel("datakwaliteit", "Bevindingen datakwaliteit (stand bij het maken van deze rapportage)", ("Aantal",), tuple(
        Rij(soort, omschrijving, (aantal(n),)) for soort, omschrijving, n in findings_summary(findings(gemeente=gemeente, vandaag=vandaag))))
    versie = Tabel("definities", "Definities", ("Versie",), (Rij("definitieversie", "Versie van de definities", (
        Cel(None, None, None, Soort.AANTAL, toelichting=DEFINITIEVERSIE),)),))
    return Sectie(6, "monitoring", "Monitoring", "Is de registratie geschikt om op te sturen, en hoe gebruikt de gemeente haar?",
                  (kwaliteit, versie, _gepubliceerd(gemeente), _gebruik_per_maand(ctx, gemeente.code)), methode=(
                      "Datakwaliteit: de controles van functioneel beheer op de registratie zoals die nu is. Gepubliceerde rapportages: "
                      "de definitief gemaakte rapportages van de gemeente en het aantal correcties van registraties uit hun periode "
                      "sindsdien. Gebruik: aanvragen en downloads van rapportages door gebruikers van de gemeente, uit het auditlog."))


def beleidskader(gemeente) -> Sectie:
    """7. Beleidskader: the gemeente's texts per subject with the date they were last changed, or 'nog niet ingevuld'."""
    teksten = {b.onderwerp: b for b in Beleidskader.objects.filter(gemeente=gemeente)}
    return Sectie(7, "beleidskader", "Beleidskader",
                  "Wat zeggen verordening, contracten en afspraken over hulp zonder verwijzing, en wat is er door de cijfers veranderd?",
                  (), teksten=tuple(
                      Tekst(o.value, o.label, teksten[o.value].tekst if o.value in teksten else NOG_NIET_INGEVULD,
                            f"{timezone.localtime(teksten[o.value].gewijzigd_op):%d-%m-%Y}" if o.value in teksten else None)
                      for o in BeleidskaderOnderwerp))


def registratielast(ctx: Context, gemeente) -> Sectie:
    """8. Registratielast: I15's median seconds per contact, and registration hours per FTE per year, exactly: the
    registration time of the gemeente's contacts in the period (their shares as in section 5, `minuten_aandelen`) =
    the mean measured registration time x the number of those contacts (contacts registered without the web form have no
    measured time and count at that mean), in hours, annualised (x days in the year / days in the period), / the FTE."""
    periode = ctx.periode
    # Each contact once (a family contact has a share per child in `minuten_aandelen`).
    gemiddeld, gemeten, contacten = aandelen(ctx, gemeente.code)["registratie"]  # section 5's one pass over them
    fte, fte_rijen = fte_in(ctx, gemeente.code)
    dagen_jaar = Periode.jaar(periode.jaartal).dagen
    if not fte_rijen or not fte:
        per_fte = leeg(GEEN_FTE)
    else:
        uren = None if gemiddeld is None else Decimal(gemiddeld) * contacten / 3600 * dagen_jaar / periode.dagen
        per_fte = Cel(None, None, ratio(uren, fte) if uren is not None else None, Soort.GEMIDDELDE, basis=gemeten)
    i15 = I15(ctx)
    tabel = Tabel("registratielast", "Registratielast", ("Waarde",), (
        Rij("mediaan_seconden_per_contact", "Mediane seconden om een contact te registreren (I15)", (i15.totaal,)),
        Rij("registratie_uren_per_fte", "Registratie-uren per fte per jaar", (per_fte,)),
    ))
    return Sectie(8, "registratielast", "Registratielast", "Hoeveel tijd kost het registreren de professionals?", (tabel,), methode=(
        "Mediane seconden: de gemeten tijd in het webformulier per contact in de periode. Registratie-uren per fte per jaar: de "
        "gemiddelde gemeten registratietijd maal het aantal contacten van de gemeente in de periode (contacten zonder gemeten tijd "
        "tellen met dat gemiddelde), omgerekend naar een heel jaar en gedeeld door de formatie voor de gemeente (fte)."))
