"""Referral waits that mean something (review of issue 12).

- `status_vastgelegd`: migration 0013 made every referral registered before it "verwezen since its date", so /team
  listed years-old referrals as waiting 90+ days. A referral registered before 0013 was applied (its moment in
  django_migrations), still `verwezen` and never updated since (no `doorverwijzing_wijzigen` audit row names it) gets
  False: its status was not recorded, so it gives no waiting signal until the team records an outcome. A database
  without that row (0013 applied together with this one, as on a fresh install) has no such referrals.
- A `verwezen` referral is verwezen since its own date (DOMAIN.md section 8): a later `status_datum` left by re-posting
  `verwezen` (which restarted the waiting clock) is cleared.
"""

from django.db import migrations, models

MARK_UNRECORDED = """
UPDATE cases_doorverwijzing v SET status_vastgelegd = false
 WHERE v.status = 'verwezen'
   AND v.geregistreerd_op < (SELECT applied FROM django_migrations WHERE app = 'cases' AND name = '0013_doorverwijzing_uitkomst')
   AND NOT EXISTS (SELECT 1 FROM jgt_registratie_auditlog a WHERE a.action = 'doorverwijzing_wijzigen' AND a.result = 'ok'
                   AND a.detail ->> 'doorverwijzing' = v.id::text)
"""
CLEAR_RESTARTED = "UPDATE cases_doorverwijzing SET status_datum = NULL WHERE status = 'verwezen' AND status_datum IS NOT NULL"


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0016_report_indexes'),
        ('jgt_registratie', '0004_auditlog_hash_chain'),
    ]

    operations = [
        migrations.AddField(
            model_name='doorverwijzing',
            name='status_vastgelegd',
            field=models.BooleanField(default=True, db_default=True),
        ),
        migrations.RunSQL(MARK_UNRECORDED, migrations.RunSQL.noop),
        migrations.RunSQL(CLEAR_RESTARTED, migrations.RunSQL.noop),
    ]
