"""Issue 13: every address carries the day its validity ends (`Adres.geldig_tot`: the next address's `geldig_vanaf`,
exclusive; NULL for the latest), so the reports find "the address of jeugdige J on day D" with a join on a range
instead of a sorted look-up per row (`reporting.indicators.base.adres_geldig`).

The database keeps the column, whoever writes `cases_adres` (the services, a correction, erasure, the COPY loaders,
a migration): after every INSERT, UPDATE or DELETE statement a trigger recomputes it for the jeugdigen that statement
touched, from their transition tables (statement-level, so a COPY of a million rows costs one pass, not a million).
The value is the rule of `gemeente_op` (the greatest `geldig_vanaf` on or before the day, else the address with
`geldig_vanaf` NULL) written down per address: ordered by `geldig_vanaf` with NULL first, each address holds until the
next begins. The trigger's own UPDATE fires it again for the rows it changed; that pass finds nothing left to change,
and an UPDATE of no rows ends the chain (an empty transition table returns at once).
"""

from django.db import migrations, models

# The recomputation for the addresses of the jeugdigen in `{bron}` (a transition table or the whole table); only rows
# whose value changes are written.
_HERBEREKEN = """
    UPDATE cases_adres a SET geldig_tot = v.tot
      FROM (SELECT x.id, lead(x.geldig_vanaf) OVER (PARTITION BY x.jeugdige_id ORDER BY x.geldig_vanaf NULLS FIRST) AS tot
              FROM cases_adres x WHERE x.jeugdige_id IN ({bron})) v
     WHERE a.id = v.id AND a.geldig_tot IS DISTINCT FROM v.tot
"""

SQL = f"""
{_HERBEREKEN.format(bron="SELECT jeugdige_id FROM cases_adres")};

CREATE FUNCTION cases_adres_geldig_tot() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NOT EXISTS (SELECT 1 FROM adres_nieuw) THEN RETURN NULL; END IF;
        {_HERBEREKEN.format(bron="SELECT jeugdige_id FROM adres_nieuw")};
    ELSIF TG_OP = 'UPDATE' THEN
        IF NOT EXISTS (SELECT 1 FROM adres_nieuw) THEN RETURN NULL; END IF;
        {_HERBEREKEN.format(bron="SELECT jeugdige_id FROM adres_nieuw UNION SELECT jeugdige_id FROM adres_oud")};
    ELSE
        IF NOT EXISTS (SELECT 1 FROM adres_oud) THEN RETURN NULL; END IF;
        {_HERBEREKEN.format(bron="SELECT jeugdige_id FROM adres_oud")};
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER cases_adres_geldig_tot_insert AFTER INSERT ON cases_adres REFERENCING NEW TABLE AS adres_nieuw
    FOR EACH STATEMENT EXECUTE FUNCTION cases_adres_geldig_tot();
CREATE TRIGGER cases_adres_geldig_tot_update AFTER UPDATE ON cases_adres REFERENCING OLD TABLE AS adres_oud NEW TABLE AS adres_nieuw
    FOR EACH STATEMENT EXECUTE FUNCTION cases_adres_geldig_tot();
CREATE TRIGGER cases_adres_geldig_tot_delete AFTER DELETE ON cases_adres REFERENCING OLD TABLE AS adres_oud
    FOR EACH STATEMENT EXECUTE FUNCTION cases_adres_geldig_tot();
"""

REVERSE_SQL = """
DROP TRIGGER IF EXISTS cases_adres_geldig_tot_insert ON cases_adres;
DROP TRIGGER IF EXISTS cases_adres_geldig_tot_update ON cases_adres;
DROP TRIGGER IF EXISTS cases_adres_geldig_tot_delete ON cases_adres;
DROP FUNCTION IF EXISTS cases_adres_geldig_tot();
"""


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0018_registration_indexes'),
    ]

    operations = [
        migrations.AddField(
            model_name='adres',
            name='geldig_tot',
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.RunSQL(SQL, REVERSE_SQL),
    ]
