"""The indicators I01..I15 of DOMAIN.md section 7: one function per code, each the only definition of its number.

Each function takes a `Context` (period and scope) and returns an `Indicator` with raw, unrounded cells;
disclosure control (`reporting.disclosure.protect`) is applied later, to everything a gemeente receives.
Scope rules and the SQL fragments are in `reporting.indicators.base`. Breakdowns list every known
category in a fixed order, zeros included, so two reports are always comparable row by row.

Extra measures of an indicator (e.g. "per 100 jeugdigen met hulp") are breakdown cells with dimensie
`kengetal`, each with its own kind and base count.
"""

from decimal import Decimal

from cases.choices import Aanmelder, Hulpsoort, Inzet, RedenBeeindiging, SoortDoorverwijzing, Vorm
from cases.models import Hulpperiode
from reporting.indicators.base import (
    CONTACTEN_IN_PERIODE,
    HULPPERIODE_DAG,
    HULPPERIODES_GEZIEN,
    HULPPERIODES_IN_PERIODE,
    HULPPERIODES_IN_SCOPE,
    JEUGDHULP_VOLGORDE,
    LATER_LEDEN,
    WIJK,
    WIJKEN_IN_SCOPE,
    Cel,
    Context,
    Indicator,
    Soort,
    adres_geldig,
    adres_in_gemeenten,
    count_cells,
    decimal,
    dossiers_in_scope,
    in_gemeenten,
    leden_joins,
    leden_op,
    lid_op,
    met_wijk,
    percentage,
    ratio,
    wijk_cells,
    wijk_op,
)
from reporting.periods import Periode

REGISTER: dict[str, tuple[str, callable]] = {}

KENGETAL = "kengetal"
MAAND_DAGEN = Decimal("30.44")
DUUR_KLASSEN = ["0-3", "3-6", "6-12", ">12"]  # months, from start to end date; lower bound inclusive
JEUGDHULP_ORDER = JEUGDHULP_VOLGORDE
INZET_ORDER = [i.value for i in Inzet]
EINDE_DOOR = [e.value for e in Hulpperiode.EindeDoor]
HULPSOORT_ORDER = [h.value for h in Hulpsoort]
JA_NEE = ["ja", "nee"]


def indicator(code: str, naam: str):
    def register(fn):
        REGISTER[code] = (naam, fn)
        fn.code, fn.naam = code, naam
        return fn

    return register


def _result(fn, totaal: Cel, uitsplitsingen=()) -> Indicator:
    return Indicator(code=fn.code, naam=fn.naam, totaal=totaal, uitsplitsingen=tuple(uitsplitsingen))


# The wijk a jeugdige met hulp is counted in (I01, I06): its wijk on the latest day it is counted for, i.e. the last day of
# the overlap with the period of the latest of its hulpperiodes in scope (the day the gemeente scope reads its address
# on, HULPPERIODE_DAG). One wijk per jeugdige, so the wijken add up to the total; a move between wijken within the
# period counts in the wijk of that day. `x` is one row per jeugdige with its `dag`; `met_wijk` reads it for all such rows
# at once (the same rule, `wijk_op`).
WIJK_VAN_JEUGDIGE = wijk_op("x.jeugdige_id", "x.dag")


#: SQL: I01's total over the rows of HULPPERIODES_IN_PERIODE (`h`), the one definition I01 and the series of many periods
#: (`reporting.reeksen`) both read.
I01_TOTAAL = "count(DISTINCT h.jeugdige_id)"


@indicator("I01", "Jeugdigen met hulp")
def I01(ctx: Context) -> Indicator:
    """Jeugdigen met hulp: "distinct jeugdigen with a hulpperiode (licht or heavier) overlapping the period".

    Breakdown by wijk (DOMAIN.md section 8, recommendation 4) when the scope's gemeenten keep wijken: see `WIJK_VAN_JEUGDIGE`.
    """
    def compute():
        if ctx.alleen_totaal:
            return ctx.row(f"SELECT {I01_TOTAAL} FROM {HULPPERIODES_IN_PERIODE}")[0], []
        # One query: the total, the scope's wijken and the count per wijk (the wijk only read when there are wijken).
        rows = ctx.rows(
            f"WITH xj AS MATERIALIZED (SELECT h.jeugdige_id, max({HULPPERIODE_DAG}) AS dag FROM {HULPPERIODES_IN_PERIODE}"
            f" GROUP BY h.jeugdige_id), w AS ({WIJKEN_IN_SCOPE})"
            " SELECT 0, NULL, NULL, count(*) FROM xj"
            " UNION ALL SELECT 1, w.code, w.naam, NULL FROM w"
            f" UNION ALL SELECT 2, x.wijk, NULL, count(*) FROM {met_wijk('SELECT * FROM xj')} WHERE EXISTS (SELECT 1 FROM w) GROUP BY x.wijk"
            " ORDER BY 1, 2"
        )
        wijken = ctx.once(WIJK, lambda: [(code, naam) for soort, code, naam, _ in rows if soort == 1])
        totaal = next(n for soort, _, _, n in rows if soort == 0)
        return totaal, wijk_cells(wijken, {code: n for soort, code, _, n in rows if soort == 2}) if wijken else []

    totaal, cellen = ctx.once(("I01", ctx.alleen_totaal), compute)
    return _result(I01, Cel(None, None, totaal), cellen)


@indicator("I02", "Gestarte hulpperiodes")
def I02(ctx: Context) -> Indicator:
    """Gestarte hulpperiodes: "hulpperiodes (licht or heavier) starting in the period; breakdown: herhaald beroep
    (a previous hulpperiode of the same jeugdige ended at most 365 days before)".

    Previous: another hulpperiode (licht or heavier, any dossier) of the jeugdige whose end date lies 0 to 365
    days before this one's start.
    """
    herhaald = (
        "CASE WHEN EXISTS (SELECT 1 FROM cases_hulpperiode p WHERE p.jeugdige_id = h.jeugdige_id AND p.id <> h.id"
        " AND p.hulpsoort = ANY(%(jeugdhulp)s) AND p.einde IS NOT NULL AND p.einde <= h.start AND p.einde >= h.start - 365)"
        " THEN 'ja' ELSE 'nee' END"
    )
    totaal, per = ctx.count_per(f"{HULPPERIODES_IN_SCOPE} AND h.start BETWEEN %(start)s AND %(einde)s", {"herhaald_beroep": herhaald})
    return _result(I02, Cel(None, None, totaal), count_cells("herhaald_beroep", JA_NEE, per["herhaald_beroep"]))


@indicator("I03", "Beëindigde hulpperiodes")
def I03(ctx: Context) -> Indicator:
    """Beëindigde hulpperiodes: "hulpperiodes ending in the period; breakdowns: reden beëindiging (the CBS code asked
    at closure or waakvlam), einde door (`waakvlam` or `afsluiting`); duration 0-3, 3-6, 6-12, >12 months (from start
    to end date; a month is 30.44 days)".

    Reden: the code stored on the hulpperiode (01-05, asked at waakvlam as at closure). Einde door: what ended it.

    Duration classes: months = (einde - start) / 30.44 days; 0-3 is < 3, 3-6 is >= 3 and < 6, and so on.
    """
    duur = (
        "CASE WHEN (h.einde - h.start) < 3 * %(maand)s THEN '0-3' WHEN (h.einde - h.start) < 6 * %(maand)s THEN '3-6'"
        " WHEN (h.einde - h.start) < 12 * %(maand)s THEN '6-12' ELSE '>12' END"
    )
    bron = f"{HULPPERIODES_IN_SCOPE} AND h.einde BETWEEN %(start)s AND %(einde)s"
    totaal, per = ctx.count_per(bron, {"reden_beeindiging": "h.reden_beeindiging", "einde_door": "h.einde_door", "duur_maanden": duur},
                                maand=MAAND_DAGEN)
    return _result(I03, Cel(None, None, totaal),
                   count_cells("reden_beeindiging", [r.value for r in RedenBeeindiging], per["reden_beeindiging"])
                   + count_cells("einde_door", EINDE_DOOR, per["einde_door"]) + count_cells("duur_maanden", DUUR_KLASSEN, per["duur_maanden"]))


@indicator("I04", "Dossiers in waakvlam")
def I04(ctx: Context) -> Indicator:
    """Dossiers in waakvlam: "dossiers in waakvlam on the last day of the period; breakdown: evaluatiedatum overdue".

    The status on the last day is the latest status change dated on or before it. Overdue: the evaluatiedatum
    of that waakvlam lies before the last day of the period. A dossier counts once (dossier scope rule, on the last
    day of the period).
    """
    # The latest change on or before the last day (by date, then id) went to waakvlam: a change to waakvlam with no
    # later one then (the (dossier, datum DESC) index answers that per dossier), so only waakvlam rows are read.
    laatste = dossiers_in_scope(
        "s.dossier_id, s.evaluatiedatum FROM cases_statuswijziging s",
        "s.naar = 'waakvlam' AND s.datum <= %(einde)s AND NOT EXISTS (SELECT 1 FROM cases_statuswijziging t"
        " WHERE t.dossier_id = s.dossier_id AND t.datum <= %(einde)s AND (t.datum > s.datum OR (t.datum = s.datum AND t.id > s.id)))",
        "laatste", "s.dossier_id", "%(einde)s")
    bron = f"{laatste} WHERE TRUE"
    verstreken = "CASE WHEN laatste.evaluatiedatum < %(einde)s THEN 'ja' ELSE 'nee' END"
    totaal, per = ctx.count_per(bron, {"evaluatiedatum_verstreken": verstreken})
    return _result(I04, Cel(None, None, totaal), count_cells("evaluatiedatum_verstreken", JA_NEE, per["evaluatiedatum_verstreken"]))


CONTACT_DIMENSIES = ("hulpsoort", "vorm", "inzet", "dossier")


def contacten(ctx: Context) -> dict:
    """The period's contacts in scope (`CONTACTEN_IN_PERIODE`) as I05, I09 and I15 count them, read in ONE pass.

    {"aantal", "minuten", "per": {dimensie: {categorie: (aantal, minuten)}}, "mediaan_registratieduur", "gemeten",
    "binnen_1_dag"}: the number of contacts and their minutes, in total and per hulpsoort, vorm, inzet and dossier
    (`met`/`zonder`); the median of the measured registration times and how many were measured; how many were stored
    (local date of `geregistreerd_op`) on their date or the day after. One query, remembered in the context.
    """
    def compute():
        rows = ctx.rows(
            "WITH c AS MATERIALIZED (SELECT c.hulpsoort, c.vorm, c.inzet,"
            " CASE WHEN c.dossier_id IS NULL THEN 'zonder' ELSE 'met' END AS dossier, c.duur_minuten, c.registratieduur_seconden,"
            f" (c.geregistreerd_op AT TIME ZONE %(tz)s)::date <= c.datum + 1 AS binnen_1_dag FROM {CONTACTEN_IN_PERIODE})"
            " SELECT GROUPING(hulpsoort), GROUPING(vorm), GROUPING(inzet), GROUPING(dossier), hulpsoort, vorm, inzet, dossier,"
            " count(*), coalesce(sum(duur_minuten), 0), NULL::float8, NULL::bigint, NULL::bigint FROM c"
            " GROUP BY GROUPING SETS ((), (hulpsoort), (vorm), (inzet), (dossier))"
            " UNION ALL SELECT 1, 1, 1, 1, NULL, NULL, NULL, NULL, NULL, NULL,"
            " percentile_cont(0.5) WITHIN GROUP (ORDER BY registratieduur_seconden), count(registratieduur_seconden),"
            " count(*) FILTER (WHERE binnen_1_dag) FROM c"
        )
        n = len(CONTACT_DIMENSIES)
        result = {"per": {dimensie: {} for dimensie in CONTACT_DIMENSIES}}
        for row in rows:
            flags, values, (aantal, minuten, mediaan, gemeten, binnen) = row[:n], row[n: 2 * n], row[2 * n:]
            grouped = [i for i, flag in enumerate(flags) if flag == 0]
            if aantal is None:
                result |= {"mediaan_registratieduur": mediaan, "gemeten": gemeten, "binnen_1_dag": binnen}
            elif not grouped:
                result |= {"aantal": aantal, "minuten": minuten}
            else:
                result["per"][CONTACT_DIMENSIES[grouped[0]]][str(values[grouped[0]])] = (aantal, minuten)
        return result

    return ctx.once("contacten", compute)


@indicator("I05", "Contacten")
def I05(ctx: Context) -> Indicator:
    """Contacten: "contacts in the period; breakdowns: hulpsoort, vorm, inzet, with/without dossier"."""
    gelezen = contacten(ctx)
    per = {dimensie: {categorie: aantal for categorie, (aantal, _) in cellen.items()} for dimensie, cellen in gelezen["per"].items()}
    return _result(I05, Cel(None, None, gelezen["aantal"]), count_cells("hulpsoort", HULPSOORT_ORDER, per["hulpsoort"])
                   + count_cells("vorm", [v.value for v in Vorm], per["vorm"]) + count_cells("inzet", INZET_ORDER, per["inzet"])
                   + count_cells("dossier", ["met", "zonder"], per["dossier"]))


def gezien(ctx: Context) -> dict:
    """The period's hulpperiodes as seen at its end (`HULPPERIODES_GEZIEN`) as I06 and I07 count them, read in ONE pass
    (the period cut-off of a running hulpperiode reads its contacts: once per report, not once per indicator).

    {"jeugdigen": {zwaarste: n}, "aantal_jeugdigen", "hulpperiodes", "per_categorie": {code: n}}: per jeugdige the heaviest
    hulpsoort of its hulpperiodes (I06), the number of hulpperiodes and, per probleemcategorie of the managed list (zeros
    included), the number of hulpperiodes carrying it (I07; a hulpperiode counts once per category). Remembered in the
    context.
    """
    def compute():
        rows = ctx.rows(
            "WITH g AS MATERIALIZED (SELECT h.jeugdige_id, gezien.hulpsoort, gezien.probleemcategorieen"
            f" FROM {HULPPERIODES_GEZIEN}),"
            " x AS (SELECT (%(volgorde)s::text[])[max(array_position(%(volgorde)s::text[], g.hulpsoort::text))] AS zwaarste"
            "  FROM g GROUP BY g.jeugdige_id),"
            " per_code AS (SELECT u.code::text AS code, count(*) AS n FROM g"
            "  CROSS JOIN LATERAL (SELECT DISTINCT c AS code FROM unnest(g.probleemcategorieen) c) u GROUP BY u.code::text)"
            " SELECT 'jeugdigen', GROUPING(x.zwaarste), x.zwaarste, count(*) FROM x GROUP BY GROUPING SETS ((), (x.zwaarste))"
            " UNION ALL SELECT 'hulpperiodes', 1, NULL, count(*) FROM g"
            " UNION ALL SELECT 'categorie', 0, pc.code::text, coalesce(per_code.n, 0) FROM cases_probleemcategorie pc"
            "  LEFT JOIN per_code ON per_code.code = pc.code::text"
        )
        result = {"jeugdigen": {}, "per_categorie": {}}
        for soort, totaal, code, n in rows:
            if soort == "hulpperiodes":
                result["hulpperiodes"] = n
            elif soort == "categorie":
                result["per_categorie"][code] = n
            elif totaal:
                result["aantal_jeugdigen"] = n
            else:
                result["jeugdigen"][str(code)] = n
        return result

    return ctx.once("gezien", compute)


@indicator("I06", "Jeugdigen per hulpsoort")
def I06(ctx: Context) -> Indicator:
    """Jeugdigen per hulpsoort: "I01 split by the heaviest hulpsoort of their hulpperiodes in the period".

    The hulpsoort of a hulpperiode as seen at the end of the period (`gezien`): of one still running then, its heaviest
    hulpcontact up to the period end. Breakdown by wijk as I01 (`WIJK_VAN_JEUGDIGE`) when the scope keeps wijken.
    """
    gelezen = gezien(ctx)
    # The same jeugdigen as I01 (`gezien` adds one row to each hulpperiode of the period) on the same day: the wijk cells
    # are I01's, read once.
    wijk = [] if ctx.alleen_totaal else [cel for cel in I01(ctx).uitsplitsingen if cel.dimensie == WIJK]
    return _result(I06, Cel(None, None, gelezen["aantal_jeugdigen"]), count_cells("hulpsoort", JEUGDHULP_ORDER, gelezen["jeugdigen"]) + wijk)


@indicator("I07", "Problematiek")
def I07(ctx: Context) -> Indicator:
    """Problematiek: "hulpperiodes overlapping the period per probleemcategorie (multi-label)".

    The total is the number of hulpperiodes overlapping the period; a hulpperiode counts once in each of its
    categories (the union of the dossier's and its contacts'), so the categories add up to more than the total. Of a
    hulpperiode still running at the end of the period, its categories up to the period end (`gezien`).
    Every category of the managed list is shown, also inactive ones, ordered by code.
    """
    gelezen = gezien(ctx)
    per = gelezen["per_categorie"]
    return _result(I07, Cel(None, None, gelezen["hulpperiodes"]), count_cells("probleemcategorie", sorted(per), per))


@indicator("I08", "Doorverwijzingen")
def I08(ctx: Context) -> Indicator:
    """Doorverwijzingen: "referrals in the period, per kind; and per 100 jeugdigen met hulp".

    Per 100: 100 x referrals in the period / I01 of the same period and scope (base count: I01).
    """
    bron = dossiers_in_scope("v.soort FROM cases_doorverwijzing v", "v.datum BETWEEN %(start)s AND %(einde)s", "v", "v.dossier_id",
                             "v.datum", per_rij=True) + " WHERE TRUE"
    totaal, per = ctx.count_per(bron, {"soort": "v.soort"})
    jeugdigen = I01(ctx).totaal.waarde
    per_100 = Cel(KENGETAL, "per_100_jeugdigen_met_hulp", percentage(totaal, jeugdigen), Soort.GEMIDDELDE, basis=jeugdigen, teller=totaal)
    return _result(I08, Cel(None, None, totaal), count_cells("soort", [s.value for s in SoortDoorverwijzing], per["soort"]) + [per_100])


def hulpminuten(ctx: Context, gemeenten: list[str] | None) -> tuple[Decimal, int, int]:
    """Contact minutes given within hulpperiodes during the period: (minutes, hulpperiodes, jeugdigen).

    A contact of a dossier counts for a hulpperiode of that dossier when dated within both the hulpperiode and
    the period. Its minutes are divided equally over the dossier's members of the contact's date (`leden_op`: a family
    conversation of 60 minutes with two children is 30 minutes for each; a child added later shares only the contacts
    from its `vanaf` on), so a contact is never counted twice.
    Hulpperiodes and jeugdigen: those overlapping the period (I01's set), also when they had no contact in it.
    Minutes go to the hulpperiodes of the dossier's members only: a child erased from a family dossier (`cases.retention`)
    keeps its anonymous hulpperiodes there, and its share goes to the children who remain, so the minutes of a contact
    still add up to its duration once. (Without such an erasure every hulpperiode belongs to a member: the same numbers.)

    A hulpperiode's minutes do not depend on the scope, so the figures of the gemeenten with a budget (I10) are those of
    the report's hulpperiodes whose jeugdige lived in one of them on the hulpperiode's day: when the report spans several
    gemeenten, I09's and I10's figures are read in one pass over the report's hulpperiodes and their contacts, not two.
    """
    def key(codes):
        return "hulpminuten", None if codes is None else tuple(sorted(set(codes)))

    if key(gemeenten) not in ctx.memo:
        # A report of one gemeente: I10's gemeenten are that one (the same key) or none (no I10 figures); no budget read.
        deel = budget(ctx)[1] if ctx.gemeenten is None or len(ctx.gemeenten) > 1 else []
        if deel and key(deel) != key(ctx.gemeenten) and key(gemeenten) in (key(deel), key(ctx.gemeenten)):
            ctx.memo[key(ctx.gemeenten)], ctx.memo[key(deel)] = _hulpminuten(ctx, deel)
        else:
            ctx.memo[key(gemeenten)] = _hulpminuten(Context(ctx.periode, gemeenten))[0]
    return ctx.memo[key(gemeenten)]


def _hulpminuten(scoped: Context, deel: list[str] | None = None) -> list[tuple[Decimal, int, int]]:
    # `telbaar`: the hulpperiodes of dossiers that still have jeugdigen, with their number and the `vanaf` dates of the
    # children added later (`LATER_LEDEN`: a contact is divided over the members of its date, `leden_op`). Counted once
    # each, apart from the contacts (only those of a jeugdige still a member get minutes: an EXISTS per hulpperiode, which
    # PostgreSQL estimates better than a join on the membership: as a join it hashed all the period's contacts for a small
    # gemeente); the minutes join only the period's contacts (the explicit period condition lets the (dossier, datum)
    # index find them), each contact's share summed as it is divided (numeric, so the order of summing does not matter).
    # With `deel`, each figure also for the hulpperiodes whose jeugdige lived in one of the gemeenten `deel` on its day (the
    # scope rule of `jeugdige_in_scope`, `b`), by a FILTER: [the scope's figures, those of `deel`].
    b = "" if deel is None else f", {adres_in_gemeenten('h.jeugdige_id', HULPPERIODE_DAG, 'deel')} AS b"
    filters = [""] if deel is None else ["", " FILTER (WHERE t.b)"]
    minuten = ", ".join(f"coalesce(sum(c.duur_minuten::numeric / {leden_op('t.n', 't.later', 'c.datum')}){f}, 0)" for f in filters)
    waar = [""] if deel is None else ["", " WHERE b"]
    tellingen = ", ".join([*(f"(SELECT count(*) FROM telbaar{w})" for w in waar),
                           *(f"(SELECT count(*) FROM (SELECT DISTINCT jeugdige_id FROM telbaar{w}) j)" for w in waar)])
    rij = scoped.row(
        f"WITH hp AS (SELECT h.id, h.dossier_id, h.jeugdige_id, h.start, h.einde{b} FROM {HULPPERIODES_IN_PERIODE}),"
        " n AS (SELECT dossier_id, count(*) AS n FROM cases_dossier_jeugdigen WHERE dossier_id IN (SELECT dossier_id FROM hp) GROUP BY dossier_id),"
        " telbaar AS MATERIALIZED (SELECT hp.*, n.n, ll.later FROM hp JOIN n ON n.dossier_id = hp.dossier_id"
        f"  LEFT JOIN {LATER_LEDEN} ll ON ll.dossier_id = hp.dossier_id)"
        f" SELECT m.*, {tellingen} FROM (SELECT {minuten}"
        " FROM telbaar t JOIN cases_contact c ON c.dossier_id = t.dossier_id"
        " AND c.datum BETWEEN %(start)s AND %(einde)s"
        " AND c.datum BETWEEN GREATEST(t.start, %(start)s) AND LEAST(coalesce(t.einde, %(einde)s), %(einde)s)"
        " WHERE EXISTS (SELECT 1 FROM cases_dossier_jeugdigen m WHERE m.dossier_id = t.dossier_id AND m.jeugdige_id = t.jeugdige_id)) m",
        deel=sorted(set(deel or [])),
    )
    k = 1 if deel is None else 2
    return [(decimal(rij[i]), rij[k + i], rij[2 * k + i]) for i in range(k)]


def budget(ctx: Context) -> tuple[Decimal, list[str]]:
    """I10's budget: the sum of the annual `JgtBudget`s of the period's year of the scope's gemeenten, and those gemeenten
    (CBS codes, ordered; empty when none has one). Remembered in the context."""
    return ctx.once("budget", lambda: ctx.row(
        "SELECT coalesce(sum(b.bedrag), 0), coalesce(array_agg(b.gemeente_id ORDER BY b.gemeente_id), '{}')"
        f" FROM reporting_jgtbudget b WHERE b.jaar = %(jaar)s AND {in_gemeenten('b.gemeente_id')}", jaar=ctx.periode.jaartal))


@indicator("I09", "Tijdsbesteding")
def I09(ctx: Context) -> Indicator:
    """Tijdsbesteding: "contact minutes in the period, by inzet; mean hulp minutes per jeugdige met hulp".

    Total: minutes of all contacts in the period (as I05, so also preventief and without dossier); kind `som`
    with the number of contacts as base; by inzet the same per inzet (every inzet shown, zeros included). Mean per
    jeugdige met hulp: the minutes given within hulpperiodes (`hulpminuten`: a family contact divided over its
    children) / I01.
    """
    gelezen = contacten(ctx)
    minuten, aantal = gelezen["minuten"], gelezen["aantal"]
    per_inzet = {inzet: (m, n) for inzet, (n, m) in gelezen["per"]["inzet"].items()}
    inzet_cellen = [Cel("inzet", inzet, per_inzet.get(inzet, (0, 0))[0], Soort.SOM, basis=per_inzet.get(inzet, (0, 0))[1])
                    for inzet in INZET_ORDER + sorted(set(per_inzet) - set(INZET_ORDER))]
    hulp, _, jeugdigen = hulpminuten(ctx, ctx.gemeenten)
    gemiddeld = Cel(KENGETAL, "gemiddeld_per_jeugdige_met_hulp", ratio(hulp, jeugdigen), Soort.GEMIDDELDE, basis=jeugdigen)
    return _result(I09, Cel(None, None, minuten, Soort.SOM, basis=aantal), [*inzet_cellen, gemiddeld])


@indicator("I10", "Kosten")
def I10(ctx: Context) -> Indicator:
    """Kosten: "when the gemeente's JGT budget for the year is set: budget for the period allocated to hulpperiodes
    and jeugdigen in proportion to contact minutes (cost per hulpperiode, per jeugdige)".

    Exactly:
    1. Only gemeenten of the scope with a `JgtBudget` for the period's year take part; if none has one, the
       indicator is None with "geen budget vastgelegd" (never 0).
    2. Budget for the period B = sum of their annual budgets x days in the period / days in that year.
    3. All contact minutes M of those gemeenten in the period: contacts with dossier divided equally over the
       dossier's members of the contact's date (`leden_op`, `lid_op`; each share counted in the gemeente the jeugdige lived in on the contact's date), contacts
       without dossier in their
       own gemeente. Help minutes H: the part of M within hulpperiodes (`hulpminuten`).
    4. Cost of help K = B x H / M (the rest of B pays for prevention, advice and contacts outside hulpperiodes).
       Cost per hulpperiode = K / hulpperiodes overlapping the period; per jeugdige = K / jeugdigen met hulp.
    With no contact minutes at all (M = 0) K and the means are None.
    Total: B (a public budget, not derived from persons); the rest as `kengetal` cells.
    """
    jaar = ctx.periode.jaartal
    dagen_in_jaar = Periode.jaar(jaar).dagen
    jaarbudget, gemeenten = budget(ctx)
    if not gemeenten:
        return _result(I10, Cel(None, None, None, Soort.BEDRAG, toelichting="geen budget vastgelegd"))
    scoped = Context(ctx.periode, gemeenten)
    # Each share joined to the address its jeugdige lived at on the contact's date if that lies in the scope (at most one
    # address holds on a day, so no share counts twice), and divided by the dossier's number of jeugdigen counted once
    # per dossier: set-based, no look-up per contact.
    (alle_minuten,) = scoped.row(
        "SELECT coalesce(sum(w), 0) FROM ("
        f" SELECT c.duur_minuten::numeric / {leden_op('n.n', 'll.later', 'c.datum')} AS w"
        " FROM cases_contact c JOIN cases_dossier_jeugdigen dj ON dj.dossier_id = c.dossier_id"
        f" JOIN cases_adres adr ON adr.jeugdige_id = dj.jeugdige_id AND adr.gemeente_id = ANY(%(gemeenten)s) AND {adres_geldig('adr', 'c.datum')}"
        " JOIN (SELECT x.dossier_id, count(*) AS n FROM cases_dossier_jeugdigen x GROUP BY x.dossier_id) n ON n.dossier_id = c.dossier_id"
        + leden_joins("dj", "c.dossier_id") +
        f" WHERE c.datum BETWEEN %(start)s AND %(einde)s AND {lid_op('gl.vanaf', 'n.n', 'll.later', 'c.datum')}"
        " UNION ALL SELECT c.duur_minuten FROM cases_contact c"
        " WHERE c.dossier_id IS NULL AND c.datum BETWEEN %(start)s AND %(einde)s AND c.gemeente_id = ANY(%(gemeenten)s)) t"
    )
    hulp, hulpperiodes, jeugdigen = hulpminuten(ctx, gemeenten)
    periode_budget = Decimal(jaarbudget) * ctx.periode.dagen / dagen_in_jaar
    kosten_hulp = ratio(periode_budget * hulp, alle_minuten)
    return _result(I10, Cel(None, None, periode_budget, Soort.BEDRAG), [
        Cel(KENGETAL, "kosten_hulp", kosten_hulp, Soort.BEDRAG, basis=jeugdigen),
        Cel(KENGETAL, "kosten_per_hulpperiode", None if kosten_hulp is None else ratio(kosten_hulp, hulpperiodes), Soort.BEDRAG, basis=hulpperiodes),
        Cel(KENGETAL, "kosten_per_jeugdige", None if kosten_hulp is None else ratio(kosten_hulp, jeugdigen), Soort.BEDRAG, basis=jeugdigen),
    ])


@indicator("I11", "Uitkomsten")
def I11(ctx: Context) -> Indicator:
    """Uitkomsten: "of hulpperiodes ended (by closure or waakvlam) in the period: % volgens plan (01), % uitval
    (02-05), % doelen bereikt (ja or deels), mean tevredenheid, % zonder hulp verder".

    The reden and outcome are those stored on the hulpperiode itself (asked at waakvlam as at closure). Every
    percentage has all these hulpperiodes as base (an outcome `onbekend` counts as not reached); the mean
    tevredenheid only those where it was asked.
    """
    n, plan, uitval, doelen, tevredenheid, gevraagd, zonder_hulp = ctx.row(
        "SELECT count(*), count(*) FILTER (WHERE h.reden_beeindiging = '01'),"
        " count(*) FILTER (WHERE h.reden_beeindiging IN ('02', '03', '04', '05')),"
        " count(*) FILTER (WHERE h.doelen_bereikt IN ('ja', 'deels')), avg(h.tevredenheid), count(h.tevredenheid),"
        " count(*) FILTER (WHERE h.zonder_hulp_verder = 'ja')"
        f" FROM {HULPPERIODES_IN_SCOPE} AND h.einde BETWEEN %(start)s AND %(einde)s"
    )
    return _result(I11, Cel(None, None, n), [
        Cel(KENGETAL, "pct_volgens_plan", percentage(plan, n), Soort.PERCENTAGE, basis=n, teller=plan),
        Cel(KENGETAL, "pct_uitval", percentage(uitval, n), Soort.PERCENTAGE, basis=n, teller=uitval),
        Cel(KENGETAL, "pct_doelen_bereikt", percentage(doelen, n), Soort.PERCENTAGE, basis=n, teller=doelen),
        Cel(KENGETAL, "gemiddelde_tevredenheid", decimal(tevredenheid), Soort.GEMIDDELDE, basis=gevraagd),
        Cel(KENGETAL, "pct_zonder_hulp_verder", percentage(zonder_hulp, n), Soort.PERCENTAGE, basis=n, teller=zonder_hulp),
    ])


@indicator("I12", "Instroomroute")
def I12(ctx: Context) -> Indicator:
    """Instroomroute: "dossiers registered in the period per aanmelder" (aanmelddatum in the period)."""
    bron = dossiers_in_scope("d.aanmelder FROM cases_dossier d", "d.aanmelddatum BETWEEN %(start)s AND %(einde)s", "d", "d.id",
                             "d.aanmelddatum", per_rij=True) + " WHERE TRUE"
    totaal, per = ctx.count_per(bron, {"aanmelder": "d.aanmelder"})
    return _result(I12, Cel(None, None, totaal), count_cells("aanmelder", [a.value for a in Aanmelder], per["aanmelder"]))


@indicator("I13", "Doorlooptijd")
def I13(ctx: Context) -> Indicator:
    """Doorlooptijd: "for dossiers whose first hulpperiode starts in the period: median days from aanmelddatum to
    that start; median duration in days of hulpperiodes ended in the period".

    First hulpperiode: the dossier's hulpperiode (licht or heavier) with the earliest start; a dossier counts once, in
    the gemeenten its jeugdigen lived in on the last day of that hulpperiode's overlap with the period.
    Duration: einde - start in days, per hulpperiode ended in the period (I03's set). Medians interpolate
    (percentile_cont), so two values 44 and 1 give 22.5.
    """
    wacht, dossiers = ctx.row(
        # One row per dossier: its hulpperiode starting in the period with no other of the dossier before it (the
        # dossier's jeugdigen share the start; the lowest id stands for them).
        # Only the hulpperiodes starting in the period are read (the index on start), each checked against the dossier's
        # earlier ones by the (dossier, start) index.
        "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY e.wacht), count(*) FROM " + dossiers_in_scope(
            "h.start - d.aanmelddatum AS wacht FROM cases_hulpperiode h JOIN cases_dossier d ON d.id = h.dossier_id",
            "h.hulpsoort = ANY(%(jeugdhulp)s) AND h.start BETWEEN %(start)s AND %(einde)s"
            " AND NOT EXISTS (SELECT 1 FROM cases_hulpperiode p WHERE p.dossier_id = h.dossier_id AND p.hulpsoort = ANY(%(jeugdhulp)s)"
            " AND (p.start < h.start OR (p.start = h.start AND p.id < h.id)))",
            "e", "h.dossier_id", HULPPERIODE_DAG, per_rij=True)
    )
    duur, beeindigd = ctx.row(
        f"SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY h.einde - h.start), count(*) FROM {HULPPERIODES_IN_SCOPE}"
        " AND h.einde BETWEEN %(start)s AND %(einde)s"
    )
    return _result(I13, Cel(None, None, decimal(wacht), Soort.MEDIAAN, basis=dossiers), [
        Cel(KENGETAL, "mediane_duur_beeindigde_hulpperiodes_dagen", decimal(duur), Soort.MEDIAAN, basis=beeindigd),
    ])


@indicator("I14", "Preventie")
def I14(ctx: Context) -> Indicator:
    """Preventie: "share of contacts with hulpsoort preventief" (of I05's contacts; base: their number)."""
    i05 = I05(ctx)
    totaal, preventief = i05.totaal.waarde, i05.cel("hulpsoort", Hulpsoort.PREVENTIEF.value).waarde
    return _result(I14, Cel(None, None, percentage(preventief, totaal), Soort.PERCENTAGE, basis=totaal, teller=preventief))


@indicator("I15", "Registratielast")
def I15(ctx: Context) -> Indicator:
    """Registratielast: "median seconds to register a contact in the web form; % of contacts registered within 1 day
    of their date".

    Median over I05's contacts whose registration time was measured (`registratieduur_seconden`, set by the web
    form; base: their number). Within 1 day: the contact was stored (local date of `geregistreerd_op`) on its
    date or the day after (base: all I05 contacts).
    """
    gelezen = contacten(ctx)
    mediaan, gemeten, aantal, op_tijd = gelezen["mediaan_registratieduur"], gelezen["gemeten"], gelezen["aantal"], gelezen["binnen_1_dag"]
    return _result(I15, Cel(None, None, decimal(mediaan), Soort.MEDIAAN, basis=gemeten), [
        Cel(KENGETAL, "pct_binnen_1_dag", percentage(op_tijd, aantal), Soort.PERCENTAGE, basis=aantal, teller=op_tijd),
    ])

