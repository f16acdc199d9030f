"""The audit rows form a hash chain made by the database; `audit_verify` finds the first broken link, even one a
superuser made past every privilege and trigger."""

import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections, transaction

from jgt_registratie.audit import audit_record, audit_record_many
from jgt_registratie.audit_chain import GENESIS, verify
from jgt_registratie.models import AuditKeten, AuditLog

AUDIT = "jgt_registratie_auditlog"


def rows(n: int) -> list[AuditLog]:
    audit_record_many(user=None, action="lezen", object_type="dossier", object_ids=[f"d{i}" for i in range(n)])
    return list(AuditLog.objects.order_by("keten_nr"))


def audit_verify(*args) -> str:
    call_command("audit_verify", *args)
    return "in orde"


def broken(*args) -> str:
    with pytest.raises(CommandError) as failure:
        call_command("audit_verify", *args)
    return str(failure.value)


def test_every_insert_gets_the_next_number_and_a_hash_and_the_head_follows(db, professional):
    audit_record(user=professional, action="lezen", object_type="dossier", object_id="x")
    audit_record_many(user=professional, action="lezen", object_type="contact", object_ids=["a", "b"])
    chain = list(AuditLog.objects.order_by("id").values_list("keten_nr", "hash"))
    assert [nr for nr, _ in chain] == [1, 2, 3]
    assert (AuditKeten.objects.get().keten_nr, AuditKeten.objects.get().hash) == chain[-1]
    assert verify().heel


def test_the_database_overwrites_a_number_and_hash_the_insert_brought(db):
    AuditLog(action="lezen", object_type="dossier", result="ok", keten_nr=999, hash="f" * 64).save()
    assert AuditLog.objects.values_list("keten_nr", "hash").get()[0] == 1
    assert AuditLog.objects.get().hash != "f" * 64


def test_an_empty_log_verifies(db):
    assert audit_verify() == "in orde"


def test_a_row_deleted_by_a_superuser_past_the_trigger_is_named(superuser):
    chain = rows(4)
    superuser.execute("SET session_replication_role = replica")
    superuser.execute(f"DELETE FROM {AUDIT} WHERE id = %s", [chain[1].pk])
    assert f"ketennummer 2 (auditregel id {chain[2].pk}): ketennummer 2 ontbreekt" in broken()


def test_a_row_changed_by_a_superuser_with_the_trigger_disabled_is_named(superuser):
    chain = rows(4)
    superuser.execute(f"ALTER TABLE {AUDIT} DISABLE TRIGGER jgt_auditlog_no_update_delete")
    superuser.execute(f"UPDATE {AUDIT} SET result = 'geweigerd' WHERE id = %s", [chain[2].pk])
    assert f"ketennummer 3 (auditregel id {chain[2].pk}): de hash volgt niet" in broken()


def test_a_row_changed_with_its_own_hash_recomputed_breaks_the_next_link(superuser):
    chain = rows(4)
    superuser.execute("SET session_replication_role = replica")
    superuser.execute(f"UPDATE {AUDIT} SET object_id = 'ander' WHERE id = %s", [chain[1].pk])
    superuser.execute(f"UPDATE {AUDIT} a SET hash = jgt_auditlog_hash(%s, a) WHERE a.id = %s", [chain[0].hash, chain[1].pk])
    assert f"ketennummer 3 (auditregel id {chain[2].pk}): de hash volgt niet" in broken()


def test_the_newest_rows_deleted_are_missed_through_the_head(superuser):
    chain = rows(5)
    superuser.execute("SET session_replication_role = replica")
    superuser.execute(f"DELETE FROM {AUDIT} WHERE keten_nr > 3")
    assert "ketennummer 4: de nieuwste regels ontbreken: de kop van de keten staat op 5, de laatste regel op 3" in broken()
    assert len(chain) == 5


def test_a_truncated_log_is_missed_through_the_head(superuser):
    rows(3)
    superuser.execute(f"TRUNCATE {AUDIT}")
    assert "ketennummer 1: de nieuwste regels ontbreken: de kop van de keten staat op 3" in broken()


def test_a_row_added_outside_the_chain_is_named(superuser):
    rows(2)
    superuser.execute(f"ALTER TABLE {AUDIT} ALTER COLUMN keten_nr DROP NOT NULL")
    superuser.execute("SET session_replication_role = replica")
    row_id = superuser.execute(f"INSERT INTO {AUDIT} (moment, action, object_type, object_id, result, detail, username, role, hash) "
                               f"VALUES (now(), 'lezen', 'dossier', 'x', 'ok', '{{}}', '', '', '{'0' * 64}') RETURNING id").fetchone()[0]
    assert f"buiten de keten (auditregel id {row_id}): deze regel heeft geen ketennummer" in broken()


def test_an_anchor_catches_a_chain_rewritten_from_the_start(superuser):
    chain = rows(3)
    anchor = f"{chain[-1].keten_nr}:{chain[-1].hash}"
    superuser.execute("SET session_replication_role = replica")
    superuser.execute(f"TRUNCATE {AUDIT}, jgt_registratie_auditketen")
    superuser.execute("SET session_replication_role = origin")
    audit_record_many(user=None, action="lezen", object_type="dossier", object_ids=["x", "y", "z"])  # a forged, consistent chain
    assert audit_verify() == "in orde"
    assert "de hash wijkt af van het vastgelegde anker" in broken("--anker", anchor)


def test_a_bad_anchor_is_refused_in_dutch(db):
    assert "Ongeldig anker" in broken("--anker", "12:abc")


def test_concurrent_writers_keep_one_unbroken_chain(transactional_db):
    """Transactions in several threads append at once: the head's row lock queues them in commit order."""

    def writer(n):
        try:
            for i in range(15):
                with transaction.atomic():
                    audit_record_many(user=None, action="lezen", object_type="dossier", object_ids=[f"{n}-{i}-{k}" for k in range(3)])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    outcome = verify()
    assert (outcome.heel, outcome.regels) == (True, 4 * 15 * 3)


def test_the_migration_chains_the_rows_written_before_it(transactional_db):
    call_command("migrate", "jgt_registratie", "0003", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {AUDIT} (moment, action, object_type, object_id, result, detail, username, role) "
                       "SELECT now() - make_interval(mins => n), 'lezen', 'dossier', n::text, 'ok', '{}', '', '' FROM generate_series(1, 5) n")
    call_command("migrate", verbosity=0)  # every app: going back to 0003 also unapplied the migrations that depend on 0004
    chain = list(AuditLog.objects.order_by("id").values_list("keten_nr", flat=True))
    assert chain == [1, 2, 3, 4, 5]
    assert verify().heel and AuditKeten.objects.get().keten_nr == 5
    assert GENESIS != AuditLog.objects.get(keten_nr=1).hash
