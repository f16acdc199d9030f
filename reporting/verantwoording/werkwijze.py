"""Section 4 of the verantwoording (DOMAIN.md section 8): werkwijze, with the referral outcomes of recommendation 5."""

from cases.choices import SoortDoorverwijzing, VerwijzingStatus
from reporting.indicators.base import Cel, Context, Soort, decimal, dossier_in_scope, percentage
from reporting.indicators.definities import I13, I15
from reporting.verantwoording.vorm import Rij, Sectie, Tabel, aantal

WACHTEND_DAGEN = 30  # as the data-quality list (`reporting.quality.WACHTEND_DAGEN`)
WACHTGRENZEN = (30, 60, 90)
#: the column of the doorverwijzingen table with the share bridged by the team
OVERBRUGGING_KOLOM = 1 + len(VerwijzingStatus) + 1

# The status of a referral `v` at the period's end: its recorded status when that was set on or before the period's end
# (`status_datum`), else still verwezen.
STATUS_OP_EINDE = "CASE WHEN v.status_datum IS NOT NULL AND v.status_datum <= %(einde)s THEN v.status ELSE 'verwezen' END"


def _waakvlam_op_tijd(ctx: Context) -> Cel:
    """Waakvlam evaluations done by their evaluatiedatum, as a % of the waakvlam periods whose evaluatiedatum lies in
    the period: the dossier left that waakvlam (activated again or closed: the next status change after it) on or before
    the evaluatiedatum. A dossier counts in the gemeente its jeugdigen lived in on the evaluatiedatum."""
    n, op_tijd = ctx.row(
        "SELECT count(*), count(*) FILTER (WHERE EXISTS (SELECT 1 FROM cases_statuswijziging s2 WHERE s2.dossier_id = s.dossier_id"
        " AND s2.id <> s.id AND (s2.datum > s.datum OR (s2.datum = s.datum AND s2.id > s.id)) AND s2.datum <= s.evaluatiedatum))"
        " FROM cases_statuswijziging s WHERE s.naar = 'waakvlam' AND s.evaluatiedatum BETWEEN %(start)s AND %(einde)s"
        f" AND {dossier_in_scope('s.dossier_id', 's.evaluatiedatum')}"
    )
    return Cel(None, None, percentage(op_tijd, n), Soort.PERCENTAGE, basis=n, teller=op_tijd)


def _wachtend(ctx: Context) -> Cel:
    """Dossiers waiting on the period's last day: actief (the latest status change on or before it) since more than 30
    days, without a hulpcontact (inzet hulp, licht or heavier) since that change up to the period's end."""
    (n,) = ctx.row(
        "SELECT count(*) FROM (SELECT DISTINCT ON (s.dossier_id) s.dossier_id, s.naar, s.datum FROM cases_statuswijziging s"
        " WHERE s.datum <= %(einde)s ORDER BY s.dossier_id, s.datum DESC, s.id DESC) laatste"
        " WHERE laatste.naar = 'actief' AND laatste.datum < %(einde)s::date - %(dagen)s"
        " AND NOT EXISTS (SELECT 1 FROM cases_contact c WHERE c.dossier_id = laatste.dossier_id AND c.inzet = 'hulp'"
        " AND c.hulpsoort = ANY(%(jeugdhulp)s) AND c.datum BETWEEN laatste.datum AND %(einde)s)"
        f" AND {dossier_in_scope('laatste.dossier_id', '%(einde)s')}", dagen=WACHTEND_DAGEN)
    return aantal(n)


def _verwijzingen(ctx: Context) -> Tabel:
    """Referrals by kind: those made in the period by their status at the period's end, the median days from the referral
    to `gestart`, the share bridged by the team (`overbrugging`); and of ALL referrals made up to the period's end, those
    still `verwezen` at its end for more than 30, 60 and 90 days ("tussen wal en schip"; not those registered before
    referral outcomes existed and never updated since, `status_vastgelegd` False: their status was never recorded, so
    they are no signal). A referral counts in the gemeente
    its dossier's jeugdigen lived in on the referral's date."""
    status = STATUS_OP_EINDE
    rows = ctx.rows(
        "SELECT GROUPING(v.soort), v.soort,"
        " count(*) FILTER (WHERE v.datum >= %(start)s),"
        + "".join(f" count(*) FILTER (WHERE v.datum >= %(start)s AND {status} = '{s.value}')," for s in VerwijzingStatus)
        + f" percentile_cont(0.5) WITHIN GROUP (ORDER BY v.status_datum - v.datum) FILTER (WHERE v.datum >= %(start)s AND {status} = 'gestart'),"
        " count(*) FILTER (WHERE v.datum >= %(start)s AND v.overbrugging),"
        + "".join(f" count(*) FILTER (WHERE {status} = 'verwezen' AND v.status_vastgelegd AND v.datum < %(einde)s::date - {d}),"
                  for d in WACHTGRENZEN).rstrip(",")
        + f" FROM cases_doorverwijzing v WHERE v.datum <= %(einde)s AND {dossier_in_scope('v.dossier_id', 'v.datum')}"
        " GROUP BY GROUPING SETS ((), (v.soort))"
    )
    per = {("totaal" if row[0] else row[1]): row[2:] for row in rows}
    geen = (0, *(0 for _ in VerwijzingStatus), None, 0, *(0 for _ in WACHTGRENZEN))

    def rij(sleutel, label, values):
        n, *rest = values
        statussen, rest = rest[:len(VerwijzingStatus)], rest[len(VerwijzingStatus):]
        mediaan, overbrugd, *wachtend = rest
        gestart = statussen[1]
        return Rij(sleutel, label, (
            aantal(n), *(aantal(x) for x in statussen),
            Cel(None, None, decimal(mediaan), Soort.MEDIAAN, basis=gestart),
            Cel(None, None, percentage(overbrugd, n), Soort.PERCENTAGE, basis=n, teller=overbrugd),
            *(aantal(w) for w in wachtend)))

    rijen = [rij(s.value, s.label, per.get(s.value, geen)) for s in SoortDoorverwijzing]
    rijen.append(rij("totaal", "Totaal", per.get("totaal", geen)))
    return Tabel("doorverwijzingen", "Doorverwijzingen naar soort en uitkomst aan het einde van de periode", (
        "Verwezen in de periode", *(f"Waarvan {s.label.lower()}" for s in VerwijzingStatus), "Mediane dagen tot gestart",
        "Met overbrugging (%)", *(f"Wachtend > {d} dagen" for d in WACHTGRENZEN)), tuple(rijen),
        # The share bridged per kind, weighted by the referrals, gives the Totaal share: exact shares and that exact total
        # give a suppressed kind's bridged referrals back (all bridged minus the others), so they are protected as a
        # group, weighted by the bridged referrals (`teller`); the total is this table's own, not public.
        optellend=((OVERBRUGGING_KOLOM, "totaal", False),))


def werkwijze(ctx: Context) -> Sectie:
    i13, i15 = I13(ctx), I15(ctx)
    kern = Tabel("werkwijze", "Werkwijze", ("Waarde",), (
        Rij("pct_waakvlam_op_tijd_geevalueerd", "Waakvlam op tijd geëvalueerd (%)", (_waakvlam_op_tijd(ctx),)),
        Rij("mediane_dagen_aanmelding_hulp", "Mediane dagen van aanmelding tot eerste hulpcontact", (i13.totaal,)),
        Rij("dossiers_wachtend", f"Dossiers actief zonder hulpcontact, langer dan {WACHTEND_DAGEN} dagen (einde periode)", (_wachtend(ctx),)),
        Rij("pct_binnen_1_dag", "Contacten binnen 1 dag geregistreerd (%)", (i15.cel("kengetal", "pct_binnen_1_dag"),)),
    ))
    return Sectie(4, "werkwijze", "Werkwijze",
                  "Werkt het team zoals afgesproken: evaluaties op tijd, snel hulp, niemand tussen wal en schip?",
                  (kern, _verwijzingen(ctx)), methode=(
                      "Waakvlam op tijd geëvalueerd: van de waakvlamperiodes met een evaluatiedatum in de periode het deel waarin het "
                      "dossier uiterlijk op de evaluatiedatum weer actief werd of werd afgesloten. Dagen tot hulp: van de aanmelddatum "
                      "tot de start van de eerste hulpperiode (het eerste hulpcontact), voor dossiers waarvan die in de periode valt "
                      "(I13). Wachtend: op de laatste dag van de periode langer dan 30 dagen actief zonder hulpcontact. "
                      "Doorverwijzingen: de status op de laatste dag van de periode (een latere statuswijziging telt niet mee); "
                      "wachtend: nog 'verwezen' op die dag, gerekend vanaf de verwijsdatum, over alle verwijzingen tot dan."))
