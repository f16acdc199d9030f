"""Which database a read goes to (config/routers.py, reporting/db.py): the replica only for reporting reads."""

import pytest
from django.db import connections

from cases.models import Contact, Hulpperiode, Jeugdige
from config.routers import ReportingReplicaRouter
from jgt_registratie.models import AuditLog, Gemeente
from reporting.db import in_rapportage, lees_alias, lees_verbinding, rapportage_lezen
from reporting.models import Duiding, Rapportage

router = ReportingReplicaRouter()
pytestmark = pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")


@pytest.fixture
def replica(settings):
    """Settings that name a replica (as DATABASE_REPLICA_URL does); no connection to it is opened here."""
    settings.DATABASES = {**settings.DATABASES, "replica": {**settings.DATABASES["default"], "TEST": {"MIRROR": "default"}}}


def test_without_a_replica_everything_reads_the_primary_even_while_a_report_is_made():
    with rapportage_lezen():
        assert (router.db_for_read(Contact), lees_alias(), lees_verbinding()) == ("default", "default", connections["default"])


def test_a_report_reads_the_registration_on_the_replica(replica):
    with rapportage_lezen():
        assert [router.db_for_read(model) for model in (Contact, Hulpperiode, Jeugdige, Gemeente, Duiding)] == ["replica"] * 5


def test_its_status_row_and_the_audit_log_are_read_on_the_primary_while_a_report_is_made(replica):
    with rapportage_lezen():
        assert (router.db_for_read(Rapportage), router.db_for_read(AuditLog)) == ("default", "default")


def test_person_data_for_the_web_and_the_api_is_read_on_the_primary(replica):
    assert [router.db_for_read(model) for model in (Contact, Jeugdige, Duiding)] == ["default"] * 3


def test_every_write_goes_to_the_primary(replica):
    with rapportage_lezen():
        assert [router.db_for_write(model) for model in (Contact, Rapportage, AuditLog)] == ["default"] * 3


def test_the_reports_own_sql_reads_the_replica(replica):
    assert lees_alias() == "replica"


def test_migrations_run_on_the_primary_only(replica):
    assert (router.allow_migrate("default", "cases"), router.allow_migrate("replica", "cases")) == (True, False)


def test_the_report_context_ends_with_its_block_also_on_an_error():
    with pytest.raises(ValueError), rapportage_lezen():
        raise ValueError
    assert in_rapportage() is False
