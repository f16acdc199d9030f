"""Section 5 of the verantwoording (DOMAIN.md section 8): cost, spread over inzet and over trajecten, and the registration
coverage; and the FTE a gemeente gets of the teams that serve it (also section 8).
"""

from decimal import Decimal

from cases.choices import Inzet
from reporting.disclosure import verdeel_naar_getoond
from reporting.fte import fte_voor
from reporting.indicators.base import (
    HULPPERIODES_IN_SCOPE,
    JEUGDIGEN_VAN_CONTACT,
    LATER_LEDEN,
    Cel,
    Context,
    Soort,
    gemeente_op,
    leden_joins,
    leden_op,
    lid_op,
    percentage,
    ratio,
)
from reporting.indicators.definities import I10
from reporting.periods import Periode
from reporting.verantwoording.vorm import Rij, Sectie, Tabel, aantal, leeg

#: productive (directly available) hours per FTE per year: 36 hours a week, 52 weeks, less holidays, public holidays,
#: training and sick leave, as jeugdteams commonly budget (the norm the coverage is measured against)
NORMUREN_PER_FTE = Decimal(1536)
GEEN_FTE = "geen fte vastgelegd"
GEEN_BUDGET = "geen budget vastgelegd"


def minuten_aandelen(gemeente_filter: bool) -> str:
    """SQL: every contact in the period as (team_id, inzet, hulpsoort, minuten, gemeente, contact_id, registratieduur): a
    contact with dossier split equally over the dossier's members of its date (`leden_op`), each share in the gemeente the jeugdige lived in on
    the contact's date (as I10 does); a contact without dossier whole, in the gemeente recorded on it. With
    `gemeente_filter` only the shares of %(gemeente)s."""
    waar = " AND {g} = %(gemeente)s" if gemeente_filter else ""
    return (
        "(SELECT c.id AS contact_id, c.team_id, c.inzet, c.hulpsoort, c.registratieduur_seconden,"
        f" c.duur_minuten::numeric / {leden_op(JEUGDIGEN_VAN_CONTACT, 'll.later', 'c.datum')} AS minuten,"
        f" {gemeente_op('dj.jeugdige_id', 'c.datum')} AS gemeente"
        " FROM cases_contact c JOIN cases_dossier_jeugdigen dj ON dj.dossier_id = c.dossier_id" + leden_joins("dj", "c.dossier_id") +
        f" WHERE c.datum BETWEEN %(start)s AND %(einde)s AND {lid_op('gl.vanaf', JEUGDIGEN_VAN_CONTACT, 'll.later', 'c.datum')}"
        + waar.format(g=gemeente_op("dj.jeugdige_id", "c.datum")) +
        " UNION ALL SELECT c.id, c.team_id, c.inzet, c.hulpsoort, c.registratieduur_seconden, c.duur_minuten::numeric, c.gemeente_id"
        " FROM cases_contact c WHERE c.dossier_id IS NULL AND c.datum BETWEEN %(start)s AND %(einde)s" + waar.format(g="c.gemeente_id") + ")"
    )


def aandelen(ctx: Context, gemeente_code: str) -> dict:
    """The gemeente's contacts of the period as shares (`minuten_aandelen`), read in ONE pass for sections 5 and 8, and
    remembered in the context: {"minuten": all minutes, "contacten": the number of contacts, "per_inzet": {inzet:
    (minutes, contacts)}, "registratie": (mean measured registration seconds, how many were measured, the number of
    contacts)}. A family contact has a share per child, so contacts are counted distinct, each once."""
    def compute():
        rows = ctx.rows(
            f"WITH a AS MATERIALIZED (SELECT * FROM {minuten_aandelen(True)} a)"
            " SELECT GROUPING(a.inzet), a.inzet, coalesce(sum(a.minuten), 0), count(DISTINCT a.contact_id), NULL::numeric, NULL::bigint"
            " FROM a GROUP BY GROUPING SETS ((), (a.inzet))"
            " UNION ALL SELECT 2, NULL, NULL, count(*), avg(x.seconden), count(x.seconden)"
            " FROM (SELECT DISTINCT a.contact_id, a.registratieduur_seconden AS seconden FROM a) x", gemeente=gemeente_code)
        minuten, contacten = next((m, n) for flag, _, m, n, _, _ in rows if flag == 1)
        return {"minuten": minuten, "contacten": contacten,
                "per_inzet": {inzet: (m, n) for flag, inzet, m, n, _, _ in rows if flag == 0},
                "registratie": next((gemiddeld, gemeten, n) for flag, _, _, n, gemiddeld, gemeten in rows if flag == 2)}

    return ctx.once(("aandelen", gemeente_code), compute)


def budget_delen(budget: Decimal, minuten: list[Cel], totaal: Cel) -> list[Decimal]:
    """The budget spread over inzet (`minuten`: each inzet's minutes, `totaal`: all of them) by the minutes AS SHOWN
    (`reporting.disclosure.verdeel_naar_getoond`: rounded to 5; the inzets whose minutes are suppressed take together
    what the shown total leaves), so the budget column says nothing the minutes column does not: spread by the exact
    minutes, B x M_i / M gave M_i / M exactly, and beside the rounded minutes the exact minutes, and a suppressed inzet's
    minutes as the total minus the rest. The parts add up to B."""
    return verdeel_naar_getoond(budget, minuten, totaal)


def budget_per_inzet(budget: Decimal | None, per_inzet: list[tuple[str, str, object, int]], alle_minuten, contacten: int) -> Tabel:
    """The table of the budget spread over inzet: per inzet (key, label, minutes, contacts) its minutes and its budget
    part (`budget_delen`), then the total. The budget is public, so the parts get secondary suppression as a group with a
    public total (`Tabel.optellend`)."""
    minuten = [Cel(None, None, m, Soort.SOM, basis=n) for _, _, m, n in per_inzet]
    minuten_totaal = Cel(None, None, alle_minuten, Soort.SOM, basis=contacten)
    delen = budget_delen(budget, minuten, minuten_totaal) if budget is not None and alle_minuten else [None] * len(minuten)

    def bedrag(value, basis):
        return leeg(GEEN_BUDGET) if budget is None else Cel(None, None, value, Soort.BEDRAG, basis=basis)

    rijen = [Rij(sleutel, label, (m, bedrag(deel, m.basis)))
             for (sleutel, label, _, _), m, deel in zip(per_inzet, minuten, delen, strict=True)]
    rijen.append(Rij("totaal", "Totaal", (minuten_totaal, bedrag(budget if alle_minuten else None, contacten))))
    return Tabel("budget_per_inzet", "Budget verdeeld over inzet naar rato van de minuten", ("Minuten", "Budget (euro)"),
                 tuple(rijen), grafiek=(1,), optellend=((1, "totaal"),))


def fte_van(gemeente_code: str, jaar: int, periode: Periode) -> tuple[Decimal | None, int]:
    """The FTE of the year's teams that falls to the gemeente (`reporting.fte.fte_voor`: the one definition, also shown
    on the beheer pages), and 1 when a formation is set for a team serving it, else 0 ("geen fte vastgelegd").
    `periode` is not used: a team's FTE is spread by the whole year's minutes, so a quarter shows the year's formation."""
    del periode
    fte = fte_voor(gemeente_code, jaar)
    return fte, 0 if fte is None else 1


def fte_in(ctx: Context, gemeente_code: str) -> tuple[Decimal | None, int]:
    """`fte_van` of the context's year, read once per report (sections 5 and 8 both show it; it reads the year's
    contacts of every team serving the gemeente)."""
    jaar = ctx.periode.jaartal
    return ctx.once(("fte", gemeente_code, jaar), lambda: fte_van(gemeente_code, jaar, ctx.periode))


def kosten(ctx: Context, gemeente) -> Sectie:
    """5. Kosten, exactly:

    - budget B: the gemeente's JgtBudget for the year, pro rata for a shorter period (days in the period / days in the
      year), as I10;
    - FTE: `fte_van`; working hours of the period = FTE x NORMUREN_PER_FTE x days in the period / days in the year;
    - all contact minutes M of the gemeente in the period (`minuten_aandelen`); per inzet M_i; budget per inzet
      `budget_delen` (B spread by the minutes as shown, rounded: B x round5(M_i) / their sum, see there);
    - cost per minute k = B / M; cost per traject: over the hulpperiodes (licht or heavier) of the gemeente's jeugdigen
      that ENDED in the period (I03's set), each with ALL its minutes (the dossier's contacts from its start to its end,
      also before the period, split equally over the dossier's members of each contact's date): k x (their minutes) / their number;
    - cost per jeugdige: I10's cost of help per jeugdige met hulp (B x help minutes / M / I01);
    - registration coverage: M / 60 as a % of the period's working hours.
    """
    code = gemeente.code
    periode = ctx.periode
    i10 = I10(ctx)
    budget = i10.totaal.waarde
    fte, fte_rijen = fte_in(ctx, code)
    dagen_jaar = Periode.jaar(periode.jaartal).dagen
    gelezen = aandelen(ctx, code)
    alle_minuten, contacten, per_inzet = gelezen["minuten"], gelezen["contacten"], gelezen["per_inzet"]
    per_minuut = ratio(budget, alle_minuten) if budget is not None else None
    traject_minuten, trajecten = ctx.row(
        f"SELECT coalesce(sum((SELECT coalesce(sum(c.duur_minuten::numeric / {leden_op(JEUGDIGEN_VAN_CONTACT, 'll.later', 'c.datum')}), 0)"
        f"  FROM cases_contact c LEFT JOIN {LATER_LEDEN} ll ON ll.dossier_id = c.dossier_id WHERE c.dossier_id = h.dossier_id"
        "  AND c.datum BETWEEN h.start AND h.einde)), 0), count(*)"
        f" FROM {HULPPERIODES_IN_SCOPE} AND h.einde BETWEEN %(start)s AND %(einde)s")
    uren = None if not fte else fte * NORMUREN_PER_FTE * periode.dagen / dagen_jaar

    def bedrag(value, basis):
        if budget is None:
            return leeg(GEEN_BUDGET)
        return Cel(None, None, value, Soort.BEDRAG, basis=basis)

    fte_cel = Cel(None, None, fte, Soort.GETAL) if fte_rijen else leeg(GEEN_FTE)
    kern = Tabel("kosten", "Budget, formatie en kosten", ("Waarde",), (
        Rij("budget", "Budget van de periode (euro)", (i10.totaal,)),
        Rij("fte", "Formatie voor de gemeente (fte)", (fte_cel,)),
        Rij("kosten_per_traject", "Kosten per beëindigde hulpperiode, met al haar minuten (euro)",
            (bedrag(None if per_minuut is None else per_minuut * Decimal(traject_minuten) / trajecten if trajecten else None, trajecten),)),
        Rij("beeindigde_hulpperiodes", "Beëindigde hulpperiodes (I03)", (aantal(trajecten),)),
        Rij("kosten_per_jeugdige", "Kosten van de hulp per jeugdige met hulp (euro)",
            (i10.cel("kengetal", "kosten_per_jeugdige") if budget is not None else leeg(GEEN_BUDGET),)),
    ))
    per_inzet_tabel = budget_per_inzet(budget, [(inzet.value, inzet.label, *per_inzet.get(inzet.value, (0, 0))) for inzet in Inzet],
                                       alle_minuten, contacten)
    dekking = Tabel("registratiedekking", "Registratiedekking", ("Waarde",), (
        Rij("uren_formatie", f"Beschikbare uren ({NORMUREN_PER_FTE} uur per fte per jaar, naar rato)",
            (Cel(None, None, uren, Soort.GETAL) if uren is not None else leeg(GEEN_FTE),)),
        Rij("uren_geregistreerd", "Geregistreerde contacturen", (Cel(None, None, Decimal(alle_minuten) / 60, Soort.SOM, basis=contacten),)),
        Rij("pct_dekking", "Registratiedekking (% van de beschikbare uren)",
            (Cel(None, None, percentage(Decimal(alle_minuten) / 60, uren), Soort.PERCENTAGE, basis=contacten) if uren else leeg(GEEN_FTE),)),
    ))
    return Sectie(5, "kosten", "Kosten", "Wat kost de hulp zonder verwijzing: per soort inzet, per traject en per kind?",
                  (kern, per_inzet_tabel, dekking), methode=(
                      "Het budget is het JGT-budget van de gemeente voor het jaar, naar rato van de dagen van de periode. Het wordt "
                      "verdeeld over de inzet (hulp, advies, toegang, regie) naar rato van de geregistreerde contactminuten zoals ze in "
                      "de tabel staan (afgerond op vijftallen; inzet waarvan de minuten niet getoond worden, krijgt samen wat het "
                      "getoonde totaal overlaat); een contact van een gezin telt voor elk kind dat op die dag bij het gezin hoorde een "
                      "gelijk deel, in de gemeente waar dat kind toen woonde. Kosten per traject: het "
                      "budget per minuut maal alle minuten van de hulpperiodes die in de periode eindigden, ook de minuten van vóór de "
                      "periode, gedeeld door hun aantal. Kosten per jeugdige: de kosten van de minuten binnen hulpperiodes gedeeld door "
                      "het aantal jeugdigen met hulp. De formatie is de fte van de teams die de gemeente bedienen, verdeeld naar hun "
                      f"contactminuten per gemeente (zonder minuten: gelijk verdeeld). Registratiedekking: geregistreerde contacturen als "
                      f"deel van de beschikbare uren ({NORMUREN_PER_FTE} productieve uren per fte per jaar); het verschil is tijd die de "
                      "registratie niet verklaart (reizen, overleg zonder contact, scholing, administratie)."))
