"""`make backup` and `make restore` (manage.py backup / restore): pg_dump and pg_restore of the embedded wheel, as the owner."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from cases.models import Dossier
from jgt_registratie.audit_chain import verify
from jgt_registratie.models import AuditKeten, AuditLog
from tests.builders import OTHER_VALID_BSN, make_contact, make_dossier, make_jeugdige

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("migrated_data")]

APPS = {"jgt_registratie", "cases", "reporting", "authtoken"}


def every_row() -> dict:
    """Every row of every table of the app (the audit log and its chain head apart), by model."""
    return {model._meta.label: list(model.objects.order_by("pk").values_list())
            for model in apps.get_models() if model._meta.app_label in APPS and model not in (AuditLog, AuditKeten)}


def audit_rows() -> list:
    return list(AuditLog.objects.order_by("keten_nr").values_list("keten_nr", "hash", "action", "object_id"))


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_backup_change_restore_gives_the_same_rows_and_a_whole_chain(professional, team, leiden, tmp_path):
    dossier = make_dossier(professional, team, leiden)
    make_contact(professional, team, dossier=dossier)
    rows, audit = every_row(), audit_rows()
    made = run("backup", "--map", str(tmp_path))
    dump = Path(re.search(r"Backup gemaakt: (\S+)", made)[1])
    assert dump.parent == tmp_path and re.fullmatch(r"jgt-\d{8}-\d{6}\.dump", dump.name) and dump.stat().st_mode & 0o077 == 0

    make_jeugdige(professional, team, leiden, bsn=OTHER_VALID_BSN)
    Dossier.objects.filter(pk=dossier.pk).update(gestart_met_crisis=True, versie=9)
    assert every_row() != rows

    out = run("restore", str(dump), "--force")
    assert every_row() == rows
    assert audit_rows()[:-1] == audit and audit_rows()[-1][2] == "backup_terugzetten"
    assert "Auditketen in orde" in out and verify().heel


def test_a_backup_is_audited(tmp_path):
    run("backup", "--map", str(tmp_path))
    entry = AuditLog.objects.get(action="backup_maken")
    assert entry.detail["bestand"].startswith("jgt-") and len(entry.detail["sha256"]) == 64


def test_restore_without_confirmation_changes_nothing(professional, team, leiden, tmp_path, monkeypatch):
    run("backup", "--map", str(tmp_path))
    make_jeugdige(professional, team, leiden)
    rows = every_row()
    monkeypatch.setattr("builtins.input", lambda prompt: "nee")
    with pytest.raises(CommandError, match="Terugzetten afgebroken; er is niets veranderd"):
        run("restore", str(next(tmp_path.glob("*.dump"))))
    assert every_row() == rows


def test_restore_refuses_a_file_that_is_no_backup(tmp_path):
    other = tmp_path / "geen.dump"
    other.write_text("hallo")
    with pytest.raises(CommandError, match="geen backup van pg_dump"):
        run("restore", str(other), "--force")
