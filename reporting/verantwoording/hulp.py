"""Sections 1-3 of the verantwoording (DOMAIN.md section 8): the development since 2015, what help for what, and the
children and their trajecten. Every count is one SQL aggregate over the indicators' own fragments
(`reporting.indicators.base`), so a figure here and the same figure in the indicator report cannot disagree.
"""

from datetime import date
from decimal import Decimal

from cases.choices import Geslacht, Inzet, Leeftijdsklasse
from reporting.disclosure import protect, verdeel_naar_getoond
from reporting.indicators.base import (
    HULPPERIODE_DAG,
    HULPPERIODES_GEZIEN,
    HULPPERIODES_IN_PERIODE,
    JEUGDHULP_VOLGORDE,
    Cel,
    Context,
    Soort,
    percentage,
    ratio,
)
from reporting.indicators.definities import HULPSOORT_ORDER, I01, I02, I14, contacten
from reporting.labels import categorie_label, dimensie_label, probleemcategorie_names
from reporting.models import StatlineCijfer
from reporting.periods import EERSTE_JAAR, Periode
from reporting.reeksen import hulpperiodes_per_periode
from reporting.verantwoording.vorm import Rij, Sectie, Tabel, aantal, leeg

GEEN_GEGEVENS = "geen gegevens"
NIET_GEPUBLICEERD = "niet gepubliceerd"
HULPSOORT_NAMEN = {"preventief": "Preventief", "licht": "Licht", "middelzwaar": "Middelzwaar", "zwaar": "Zwaar"}


def jaar_tot(jaar: int, periode: Periode) -> Periode:
    """Calendar year `jaar`, cut off at the end of `periode` (the report's own year runs up to the period's end)."""
    return Periode(start=date(jaar, 1, 1), einde=min(date(jaar, 12, 31), periode.einde), code=str(jaar))


#: memo key of a context (`Context.once`): (jeugdigen met hulp = I01, hulpperiodes overlapping its period)
OVERLAPPEND = "hulpperiodes_overlappend"


def overlappend(ctx: Context) -> tuple[int, int]:
    """(jeugdigen met hulp = I01, hulpperiodes overlapping the period) of the context: I01's own total and the rows of its
    fragment (`reporting.reeksen`), read once per context (section 1 reads them with its years: `ontwikkeling`)."""
    return ctx.once(OVERLAPPEND, lambda: hulpperiodes_per_periode([ctx.periode], ctx.gemeenten)[(ctx.periode.start, ctx.periode.einde)])


def _verschil(product: int, cbs: int | None) -> tuple[Cel, Cel]:
    """The product's count AS SHOWN (rounded to 5, `protect`) minus CBS, and that as % of CBS. Computed from the exact
    count, the difference beside the public CBS figure would give the exact count back, undoing the rounding; from the
    shown count it tells nothing more than the count cell itself. Both have the product's count as base, so they are
    suppressed with it (1-9)."""
    if cbs is None:
        return leeg(NIET_GEPUBLICEERD), leeg(NIET_GEPUBLICEERD)
    getoond = protect(aantal(product)).waarde
    verschil = None if getoond is None else getoond - cbs
    return (Cel(None, None, verschil, Soort.SOM, basis=product),
            Cel(None, None, None if verschil is None else percentage(verschil, cbs), Soort.PERCENTAGE, basis=product))


def _cbs(value) -> Cel:
    return aantal(value) if value is not None else leeg(NIET_GEPUBLICEERD)


def ontwikkeling(periode: Periode, gemeente, eerste: date | None, *, contexten: tuple[Context, ...] = ()) -> Sectie:
    """1. Ontwikkeling sinds 2015: per calendar year the product's I01 and hulpperiodes beside StatLine.

    Years: from the first StatLine year of the gemeente (or its first registration, whichever is earlier; never before
    2015) up to the period's year; that last year runs up to the period's end. Hulpperiodes: those OVERLAPPING the year
    (started in it or running into it), because CBS counts a traject in every year in which it ran; they are compared
    with the trajecten zonder verwijzer (help given by the jeugdteam itself, verwijzer 06). Years before the gemeente's
    first registration show "geen gegevens" on the product side.

    Every year in ONE query (`reporting.reeksen.hulpperiodes_per_periode`), together with the periods of `contexten`
    (the report's own period and the same period a year earlier, of the same gemeente), whose counts it leaves in their
    memo for section 3 (`overlappend`): read once, in the report's one snapshot.
    """
    jaar = periode.jaartal
    statline = {s.jaar: s for s in StatlineCijfer.objects.filter(gemeente=gemeente, jaar__lte=jaar)}
    eerste_jaar = max(EERSTE_JAAR, min([*statline, *([eerste.year] if eerste else []), jaar]))
    jaren = [jaar_tot(y, periode) for y in range(eerste_jaar, jaar + 1)]
    met_gegevens = [p for p in jaren if eerste is not None and p.einde >= eerste]
    contexten = tuple(c for c in contexten if c.gemeenten == [gemeente.code])  # the counts of this gemeente only
    tellingen = hulpperiodes_per_periode([*met_gegevens, *(c.periode for c in contexten)], [gemeente.code])
    for c in contexten:
        c.memo.setdefault(OVERLAPPEND, tellingen[(c.periode.start, c.periode.einde)])
    rijen = []
    for p in jaren:
        y = p.jaartal
        s = statline.get(y)
        cbs_jeugdigen = s.jeugdigen_wijkteam if s else None
        cbs_zonder = s.trajecten_zonder_verwijzer if s else None
        if p not in met_gegevens:
            product = [leeg(GEEN_GEGEVENS), _cbs(cbs_jeugdigen), leeg(GEEN_GEGEVENS), leeg(GEEN_GEGEVENS),
                       leeg(GEEN_GEGEVENS), _cbs(cbs_zonder), leeg(GEEN_GEGEVENS), leeg(GEEN_GEGEVENS)]
        else:
            jeugdigen, hulpperiodes = tellingen[(p.start, p.einde)]
            product = [aantal(jeugdigen), _cbs(cbs_jeugdigen), *_verschil(jeugdigen, cbs_jeugdigen),
                       aantal(hulpperiodes), _cbs(cbs_zonder), *_verschil(hulpperiodes, cbs_zonder)]
        product.append(_cbs(s.trajecten_totaal if s else None))
        label = str(y) if p.einde == date(y, 12, 31) else f"{y} (t/m {p.einde:%d-%m})"
        rijen.append(Rij(str(y), label, tuple(product)))
    tabel = Tabel("per_jaar", "Jeugdigen en hulpperiodes per jaar, naast CBS StatLine", (
        "Jeugdigen met hulp (registratie)", "Jeugdigen met hulp van het wijkteam (CBS)", "Verschil", "Verschil (%)",
        "Hulpperiodes (registratie)", "Trajecten zonder verwijzer (CBS)", "Verschil", "Verschil (%)", "Trajecten jeugdhulp totaal (CBS)",
    ), tuple(rijen), grafiek=(0, 1))
    return Sectie(1, "ontwikkeling", "Ontwikkeling sinds 2015",
                  "Hoe heeft de hulp zonder verwijzing zich sinds 2015 ontwikkeld, en sluit de registratie aan op de CBS-cijfers?",
                  (tabel,), methode=(
                      "Per kalenderjaar: jeugdigen met hulp (I01) en hulpperiodes (licht of zwaarder) die in het jaar liepen, uit de "
                      "registratie; daarnaast de CBS StatLine-cijfers van de gemeente zoals functioneel beheer ze heeft geladen. Het "
                      "verschil is registratie min CBS; het percentage is dat verschil als deel van het CBS-cijfer. Het jaar van de "
                      "rapportage loopt tot het einde van de gekozen periode. Jaren vóór de eerste registratie: 'geen gegevens'."))


def _hulpsoort_x_categorie(ctx: Context) -> Tabel:
    """Hulpperiodes overlapping the period by hulpsoort (columns) and probleemcategorie (rows, multi-label), as seen at
    the period's end (`gezien`, like I06/I07); the last row counts each hulpperiode once."""
    rows = ctx.rows(
        f"WITH hp AS (SELECT h.id, gezien.hulpsoort, gezien.probleemcategorieen FROM {HULPPERIODES_GEZIEN})"
        " SELECT pc.code, hs.h, (SELECT count(*) FROM hp WHERE hp.hulpsoort = hs.h AND pc.code = ANY(hp.probleemcategorieen))"
        " FROM cases_probleemcategorie pc CROSS JOIN unnest(%(volgorde)s::text[]) hs(h)"
        " UNION ALL SELECT NULL, hs.h, (SELECT count(*) FROM hp WHERE hp.hulpsoort = hs.h) FROM unnest(%(volgorde)s::text[]) hs(h)"
        " UNION ALL SELECT pc.code, NULL, (SELECT count(*) FROM hp WHERE pc.code = ANY(hp.probleemcategorieen)) FROM cases_probleemcategorie pc"
        " UNION ALL SELECT NULL, NULL, (SELECT count(*) FROM hp)"
    )
    telling = {(code, hs): n for code, hs, n in rows}
    namen = probleemcategorie_names()
    kolommen = (*JEUGDHULP_VOLGORDE, None)
    rijen = [Rij(code, namen.get(code, code), tuple(aantal(telling[(code, hs)]) for hs in kolommen))
             for code in sorted({c for c, _ in telling if c is not None})]
    rijen.append(Rij("totaal", "Alle hulpperiodes (elk één keer)", tuple(aantal(telling[(None, hs)]) for hs in kolommen)))
    return Tabel("hulpsoort_probleemcategorie", "Hulpperiodes naar probleemcategorie en hulpsoort",
                 (*(HULPSOORT_NAMEN[h] for h in JEUGDHULP_VOLGORDE), "Totaal"), tuple(rijen))


def contacten_tabel(dimensie: str, titel: str, per: list[tuple[str, str, int, object]], totaal: tuple[int, object]) -> Tabel:
    """Contacts and minutes per category (key, label, contacts, minutes) and in total, with each category's share of the
    minutes. The share is spread by the minutes AS SHOWN (`reporting.disclosure.verdeel_naar_getoond`: rounded to 5;
    the categories whose minutes are suppressed take together what the shown total leaves): from the exact minutes, a
    shown share gave M_i / M exactly, and beside the rounded minutes the exact minutes, and a suppressed category's as
    the total minus the rest. The shares add up to 100 %, protected as a group (a suppressed share is not 100 minus the
    others)."""
    n_totaal, m_totaal = totaal
    minuten = [Cel(None, None, m, Soort.SOM, basis=n) for _, _, n, m in per]
    minuten_totaal = Cel(None, None, m_totaal, Soort.SOM, basis=n_totaal)
    delen = verdeel_naar_getoond(Decimal(100), minuten, minuten_totaal) if m_totaal else [None] * len(per)

    def rij(sleutel, label, n, m, deel):
        return Rij(sleutel, label, (aantal(n), m, Cel(None, None, deel, Soort.PERCENTAGE, basis=n_totaal, teller=n)))

    rijen = [rij(sleutel, label, n, m, deel) for (sleutel, label, n, _), m, deel in zip(per, minuten, delen, strict=True)]
    rijen.append(rij("totaal", "Totaal", n_totaal, minuten_totaal, percentage(m_totaal, m_totaal)))
    return Tabel(f"contacten_per_{dimensie}", titel, ("Contacten", "Minuten", "Deel van de minuten (%)"), tuple(rijen), grafiek=(1,),
                 optellend=((2, "totaal"),))


def _contacten_per(ctx: Context, dimensie: str, order: list[str], namen: dict[str, str], titel: str) -> Tabel:
    """Contacts and minutes per `dimensie` (inzet or hulpsoort) from the period's one pass over its contacts (`contacten`,
    which I05, I09, I14 and I15 read too: the same contacts, counted once)."""
    gelezen = contacten(ctx)
    per = gelezen["per"][dimensie]
    totaal = (gelezen["aantal"], gelezen["minuten"])
    return contacten_tabel(dimensie, titel, [(cat, namen.get(cat, cat), *per.get(cat, (0, 0))) for cat in order + sorted(set(per) - set(order))],
                           totaal)


def welke_hulp(ctx: Context) -> Sectie:
    """2. Welke hulp, waarvoor: the cross table, contacts and minutes by inzet and by hulpsoort, and prevention (I14)."""
    i14 = I14(ctx).totaal
    preventie = Tabel("preventie", "Preventie", ("Waarde",), (
        Rij("pct_contacten_preventief", "Deel van de contacten met hulpsoort preventief (%)", (i14,)),
    ))
    return Sectie(2, "welke_hulp", "Welke hulp, waarvoor",
                  "Welke hulp geeft het jeugdteam, voor welke problemen, en wat doet het team naast hulp?",
                  (_hulpsoort_x_categorie(ctx),
                   _contacten_per(ctx, "inzet", [i.value for i in Inzet], dict(Inzet.choices), "Contacten en minuten naar inzet"),
                   _contacten_per(ctx, "hulpsoort", HULPSOORT_ORDER, HULPSOORT_NAMEN, "Contacten en minuten naar hulpsoort"),
                   preventie),
                  methode=(
                      "Hulpperiodes die de periode overlappen, met hun hulpsoort en probleemcategorieën zoals aan het einde van de "
                      "periode (een hulpperiode telt in elk van haar categorieën). Contacten en minuten: alle contacten in de periode, "
                      "ook preventieve en contacten zonder dossier, naar inzet (hulp, advies, toegang, regie) en naar hulpsoort; het deel "
                      "van de minuten volgt de minuten zoals ze in de tabel staan (afgerond op vijftallen)."))


def _kern(ctx: Context, i02=None) -> list[Cel]:
    """I01, hulpperiodes overlapping the period, I02 (`i02` when the caller has it) and its herhaald beroep, and
    hulpperiodes per jeugdige (mean)."""
    jeugdigen, hulpperiodes = overlappend(ctx)
    i02 = I02(ctx) if i02 is None else i02
    herhaald = i02.cel("herhaald_beroep", "ja").waarde
    return [aantal(jeugdigen), aantal(hulpperiodes), i02.totaal, aantal(herhaald),
            Cel(None, None, percentage(herhaald, i02.totaal.waarde), Soort.PERCENTAGE, basis=i02.totaal.waarde, teller=herhaald),
            Cel(None, None, ratio(hulpperiodes, jeugdigen), Soort.GEMIDDELDE, basis=jeugdigen)]


KERN_RIJEN = (("jeugdigen_met_hulp", "Jeugdigen met hulp (I01)"), ("hulpperiodes", "Hulpperiodes (die de periode overlappen)"),
              ("gestarte_hulpperiodes", "Gestarte hulpperiodes (I02)"), ("herhaald_beroep", "Waarvan herhaald beroep"),
              ("pct_herhaald_beroep", "Herhaald beroep (% van de gestarte)"), ("hulpperiodes_per_jeugdige", "Hulpperiodes per jeugdige (gemiddeld)"))


def _per_jeugdige(ctx: Context) -> tuple[dict, dict, dict]:
    """Jeugdigen met hulp by age class, by geslacht and by their number of hulpperiodes overlapping the period (1, 2, 3 or
    more), in one pass. Age on the last day of the jeugdige's latest overlap with the period (the day I01 counts it on);
    no birth date, or not yet born then: onbekend."""
    leeftijd = (
        "CASE WHEN x.geboortedatum IS NULL OR x.geboortedatum > x.dag THEN 'onbekend'"
        " WHEN date_part('year', age(x.dag, x.geboortedatum)) <= 3 THEN '0-3'"
        " WHEN date_part('year', age(x.dag, x.geboortedatum)) <= 11 THEN '4-11'"
        " WHEN date_part('year', age(x.dag, x.geboortedatum)) <= 17 THEN '12-17' ELSE '18-22' END"
    )
    bron = (f"(SELECT h.jeugdige_id, j.geboortedatum, j.geslacht, max({HULPPERIODE_DAG}) AS dag, count(*) AS n"
            f" FROM {HULPPERIODES_IN_PERIODE} GROUP BY h.jeugdige_id, j.geboortedatum, j.geslacht) x")
    _, per = ctx.count_per(bron, {"leeftijdsklasse": leeftijd, "geslacht": "x.geslacht",
                                  "hulpperiodes": "CASE WHEN x.n >= 3 THEN '3+' ELSE x.n::text END"})
    return per["leeftijdsklasse"], per["geslacht"], per["hulpperiodes"]


def kinderen(ctx: Context, vorige: Context | None) -> Sectie:
    """3. Kinderen en trajecten: the key figures beside the same period a year earlier, hulpperiodes per jeugdige
    (1 / 2 / 3 or more), and jeugdigen met hulp by age class, geslacht and every breakdown I01 and I02 carry (the wijk
    among them: the indicators' own breakdowns, so they appear here as soon as an indicator has them)."""
    i02 = I02(ctx)
    nu = _kern(ctx, i02)
    toen = _kern(vorige) if vorige is not None else [leeg(GEEN_GEGEVENS)] * len(nu)
    kern = Tabel("kerncijfers", "Kerncijfers", (ctx.periode.code, vorige.periode.code if vorige else "vorig jaar"),
                 tuple(Rij(s, label, (a, b)) for (s, label), a, b in zip(KERN_RIJEN, nu, toen, strict=True)))
    leeftijd, geslacht, verdeling = _per_jeugdige(ctx)
    per_jeugdige = Tabel("hulpperiodes_per_jeugdige", "Jeugdigen naar aantal hulpperiodes in de periode", ("Jeugdigen",), tuple(
        Rij(k, label, (aantal(verdeling.get(k, 0)),)) for k, label in (("1", "1 hulpperiode"), ("2", "2 hulpperiodes"), ("3+", "3 of meer"))),
        grafiek=(0,))
    namen = probleemcategorie_names()
    rijen = [Rij(f"leeftijdsklasse|{k}", f"leeftijd {label}", (aantal(leeftijd.get(k, 0)),)) for k, label in Leeftijdsklasse.choices]
    rijen += [Rij(f"geslacht|{k}", f"geslacht {label.lower()}", (aantal(geslacht.get(k, 0)),)) for k, label in Geslacht.choices]
    for indicator in (I01(ctx), i02):
        for cel in indicator.uitsplitsingen:
            label = getattr(cel, "naam", None) or categorie_label(cel.dimensie, cel.categorie, probleemcategorieen=namen)
            rijen.append(Rij(f"{indicator.code}|{cel.dimensie}|{cel.categorie}",
                             f"{indicator.naam.lower()}: {dimensie_label(cel.dimensie)} {label}", (cel,)))
    uitsplitsing = Tabel("uitsplitsingen", "Jeugdigen met hulp en gestarte hulpperiodes, uitgesplitst", ("Aantal",), tuple(rijen))
    return Sectie(3, "kinderen", "Kinderen en trajecten",
                  "Hoeveel kinderen krijgen hulp, hoeveel trajecten per kind, en wie zijn zij (leeftijd, geslacht, wijk)?",
                  (kern, per_jeugdige, uitsplitsing), methode=(
                      "Jeugdigen met hulp: verschillende jeugdigen met een hulpperiode (licht of zwaarder) die de periode overlapt, "
                      "in de gemeente waar zij woonden op de laatste dag van die overlap. Hulpperiodes per jeugdige: het aantal van die "
                      "hulpperiodes gedeeld door het aantal jeugdigen. Herhaald beroep: een eerdere hulpperiode van dezelfde jeugdige "
                      "eindigde hoogstens 365 dagen vóór de start. Leeftijd op de laatste dag dat de jeugdige in de periode meetelt. "
                      "De wijk volgt uit de postcode van het woonadres op die dag."))


