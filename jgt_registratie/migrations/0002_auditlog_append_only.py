from django.db import migrations

SQL = """
CREATE FUNCTION jgt_auditlog_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Het auditlog is alleen-toevoegen: % is niet toegestaan', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER jgt_auditlog_no_update_delete
    BEFORE UPDATE OR DELETE ON jgt_registratie_auditlog
    FOR EACH ROW EXECUTE FUNCTION jgt_auditlog_append_only();
"""

REVERSE = """
DROP TRIGGER IF EXISTS jgt_auditlog_no_update_delete ON jgt_registratie_auditlog;
DROP FUNCTION IF EXISTS jgt_auditlog_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [("jgt_registratie", "0001_initial")]
    operations = [migrations.RunSQL(SQL, REVERSE)]
