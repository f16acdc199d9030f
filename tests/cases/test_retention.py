"""Retention (dossiers destroyed 20 years after their help ended) and erasure on request (Jeugdwet art. 7.3.9):
what goes, what stays as an anonymous remainder, who may, the audit, and that earlier figures do not change.

The figures: every raw cell (value, base count, numerator) of I01..I15 for periods before the destruction, for each
gemeente and for all gemeenten, is the same before and after (`figures()`), on the hand-built world of the
indicator tests (tests/reporting/indicator_world.py); the CBS records on the export world.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.db.models import F

from cases import retention, services
from cases.models import Contact, Doorverwijzing, Dossier, Hulpperiode, IdempotencyKey, Jeugdige, StatusWijziging
from jgt_registratie.errors import Forbidden, InvalidInput, NotFound
from jgt_registratie.models import AuditLog
from reporting.exports.cbs import aanlevering_rows, protocol_rows
from reporting.indicators import indicators_compute
from reporting.models import JgtBudget
from reporting.periods import Periode
from tests.builders import make_move, snapshot
from tests.reporting import export_world
from tests.reporting.indicator_world import build_world

pytestmark = pytest.mark.django_db

PERIODS = [Periode.jaar(2021), Periode.jaar(2022), Periode.halfjaar(2022, 1), Periode.kwartaal(2022, 1), Periode.kwartaal(2022, 3)]
SCOPES = [["0546"], ["0547"], None]
AFTER_20_YEARS = date(2042, 6, 1)  # DS (closed 2022-04-15) and DX (2022-01-31) are past their 20 years; DG, DL, DP are not
REDEN = "Verzoek van de ouders van 3 maart 2023, kenmerk AVG-2023-17"


@pytest.fixture
def world(professional, teamleider, team, leiden, other_professional, other_team, leiderdorp):
    JgtBudget.objects.create(gemeente=leiden, jaar=2022, bedrag=Decimal("365000.00"))  # so I10 has figures too
    return build_world(professional=professional, teamleider=teamleider, team=team, leiden=leiden,
                       other_professional=other_professional, other_team=other_team, leiderdorp=leiderdorp)


def figures(periods=PERIODS) -> dict:
    """{(period, scope, indicator, dimensie, categorie): (raw value, base, numerator)} for every cell."""
    return {
        (periode.code, tuple(scope or ["alle"]), indicator.code, cel.dimensie, cel.categorie): (cel.waarde, cel.basis, cel.teller)
        for periode in periods for scope in SCOPES for indicator in indicators_compute(periode, scope)
        for cel in [indicator.totaal, *indicator.uitsplitsingen]
    }


def rounded(cells: dict) -> dict:
    """To 9 decimals: the same minutes divided among other children differ beyond the 16th digit of PostgreSQL's numeric."""
    return {key: tuple(round(v, 9) if isinstance(v, Decimal) else v for v in value) for key, value in cells.items()}


def live(model):
    return model.objects.filter(geanonimiseerd_op__isnull=True)


# --- retention: 20 years after the help ended ----------------------------------------------------------------------


def test_only_dossiers_closed_more_than_20_years_ago_are_expired(world):
    expired = set(retention.expired_dossiers(AFTER_20_YEARS).values_list("pk", flat=True))
    assert expired == {world.dossiers["DS"].pk, world.dossiers["DX"].pk}
    assert set(retention.expired_dossiers(date(2042, 1, 31))) == set()  # DX closed 2022-01-31: 20 years are not over yet on that day
    assert retention.retention_cutoff(date(2120, 2, 29)) == date(2100, 2, 28)  # 2100 is no leap year


def test_purge_destroys_the_dossiers_their_contacts_history_referrals_and_jeugdigen(world):
    ds, dx = world.dossiers["DS"], world.dossiers["DX"]
    s, x = ds.jeugdigen.get(), dx.jeugdigen.get()
    contacts = set(Contact.objects.filter(dossier__in=[ds, dx]).values_list("pk", flat=True))
    done = retention.dossiers_purge_expired(vandaag=AFTER_20_YEARS)
    assert (done.dossiers, done.jeugdigen, done.contacten, done.statuswijzigingen, done.doorverwijzingen, done.hulpperiodes) == (2, 2, 4, 6, 1, 2)
    assert not Dossier.objects.filter(pk__in=[ds.pk, dx.pk]).exists() and not Jeugdige.objects.filter(pk__in=[s.pk, x.pk]).exists()
    assert live(Dossier).count() == 3 and live(Jeugdige).count() == 13  # DG (11), DL, DP and their jeugdigen stay
    # The contacts' anonymous remainder: no team, professional, note or categories, in an anonymous dossier.
    rest = Contact.objects.filter(pk__in=contacts)
    assert set(rest.values_list("team", "geregistreerd_door", "notitie")) == {(None, None, "")}
    assert not Contact.probleemcategorieen.through.objects.filter(contact__in=contacts).exists()
    assert set(rest.values_list("dossier__team", "dossier__regiehouder")) == {(None, None)}
    assert not rest.filter(dossier__geanonimiseerd_op__isnull=True).exists()


def test_the_anonymous_jeugdige_keeps_only_gemeente_sex_and_birth_year(world):
    x = world.dossiers["DX"].jeugdigen.get()
    retention.dossiers_purge_expired(vandaag=AFTER_20_YEARS)
    remainder = Jeugdige.objects.get(hulpperiodes__start=date(2021, 6, 1))
    assert remainder.pk != x.pk
    assert (remainder.bsn, remainder.team, remainder.aangemaakt_door, remainder.geslacht, remainder.geboortedatum,
            remainder.geboortedatum_precisie) == (None, None, None, "V", date(2012, 1, 1), "jaar")
    assert list(remainder.adressen.values_list("postcode", "gemeente_id", "geldig_vanaf")) == [("", "0546", None)]


def test_the_anonymous_jeugdige_keeps_its_gemeenten_with_their_dates_without_postcodes(world, professional, leiderdorp):
    x = world.dossiers["DX"].jeugdigen.get()
    make_move(professional, x, leiderdorp, date(2021, 9, 1), "2351AB")
    retention.dossiers_purge_expired(vandaag=AFTER_20_YEARS)
    remainder = Jeugdige.objects.get(hulpperiodes__start=date(2021, 6, 1))
    assert list(remainder.adressen.order_by(F("geldig_vanaf").asc(nulls_first=True)).values_list("postcode", "gemeente_id", "geldig_vanaf")) == [
        ("", "0546", None), ("", "0547", date(2021, 9, 1))]


def test_purge_keeps_every_figure_of_earlier_periods(world):
    before = figures()
    retention.dossiers_purge_expired(vandaag=AFTER_20_YEARS)
    assert figures() == before


def test_purge_is_audited_per_dossier_and_jeugdige_and_runs_once(world):
    ds = world.dossiers["DS"]
    retention.dossiers_purge_expired(vandaag=AFTER_20_YEARS)
    row = AuditLog.objects.get(action="vernietigen_bewaartermijn", object_type="dossier", object_id=str(ds.pk))
    assert (row.username, row.detail["einddatum"], row.detail["contacten"], row.detail["bewaartermijn_jaren"]) == ("", "2022-04-15", 2, 20)
    assert AuditLog.objects.filter(action="vernietigen_bewaartermijn", object_type="jeugdige").count() == 2
    assert retention.dossiers_purge_expired(vandaag=AFTER_20_YEARS).dossiers == 0


def test_a_jeugdige_with_a_dossier_that_is_kept_stays(world, teamleider):
    """Y has an expired dossier and a kept one: the expired one goes, Y stays (without that dossier)."""
    y = world.dossiers["DP"].jeugdigen.get()
    world.dossiers["DS"].jeugdigen.add(y)
    retention.dossiers_purge_expired(vandaag=AFTER_20_YEARS)
    assert list(Jeugdige.objects.get(pk=y.pk).dossiers.values_list("pk", flat=True)) == [world.dossiers["DP"].pk]


def test_the_remainder_is_out_of_reach_of_every_screen_and_endpoint(world, api, professional, teamleider):
    contacts = list(Contact.objects.filter(dossier=world.dossiers["DX"]).values_list("pk", flat=True))
    retention.dossiers_purge_expired(vandaag=AFTER_20_YEARS)
    remainder = Dossier.objects.filter(geanonimiseerd_op__isnull=False).first()
    for user in (professional, teamleider):
        client = api(user)
        assert client.get(f"/api/v1/dossiers/{remainder.pk}").status_code == 404
        assert client.get(f"/api/v1/contacten/{contacts[0]}").status_code == 404
        listed = {d["id"] for d in client.get("/api/v1/dossiers?pageSize=100").json()["results"]}
        assert str(remainder.pk) not in listed and len(listed) == 2  # DG and DP of Leiden Noord


# --- erasure on request (art. 7.3.9) --------------------------------------------------------------------------------


def test_erasure_of_a_jeugdige_destroys_its_own_dossiers(world, beheerder):
    dx = world.dossiers["DX"]
    x = dx.jeugdigen.get()
    done = retention.jeugdige_erase(user=beheerder, jeugdige=x, reden=REDEN)
    assert (done.dossiers, done.jeugdigen, done.uit_gezinsdossier, done.contacten) == (1, 1, 0, 2)
    assert not Jeugdige.objects.filter(pk=x.pk).exists() and not Dossier.objects.filter(pk=dx.pk).exists()


def test_erasure_keeps_every_figure_of_earlier_periods(world, beheerder):
    before = figures()
    for name in ("DX", "DS"):
        retention.jeugdige_erase(user=beheerder, jeugdige=world.dossiers[name].jeugdigen.get(), reden=REDEN)
    assert figures() == before


def test_erasure_from_a_family_dossier_keeps_the_dossier_for_the_other_children(world, beheerder, api, professional):
    dg = world.dossiers["DG"]
    k1, versie = dg.jeugdigen.order_by("pk").first(), dg.versie
    before = figures()
    done = retention.jeugdige_erase(user=beheerder, jeugdige=k1, reden=REDEN)
    assert (done.dossiers, done.uit_gezinsdossier, done.hulpperiodes) == (0, 1, 3)
    dg.refresh_from_db()
    assert (dg.jeugdigen.count(), dg.versie) == (10, versie + 1)
    # Its anonymous hulpperiodes stay beside the dossier, frozen: not shown, not rebuilt by the next change.
    shown = api(professional).get(f"/api/v1/dossiers/{dg.pk}").json()
    assert [j for j in shown["jeugdigen"] if j == str(k1.pk)] == [] and len(shown["hulpperiodes"]) == 3
    assert Hulpperiode.objects.filter(dossier=dg, jeugdige__geanonimiseerd_op__isnull=False).count() == 3
    # Every figure stays: the family lives in one gemeente, and the erased child's share of the family's contact
    # minutes goes to the children who remain (`hulpminuten`), so every contact still counts once.
    assert rounded(figures()) == rounded(before)


def test_a_later_change_of_the_family_dossier_keeps_the_erased_childs_hulpperiodes(world, beheerder, professional, team):
    from cases import services

    dg = world.dossiers["DG"]
    retention.jeugdige_erase(user=beheerder, jeugdige=dg.jeugdigen.order_by("pk").first(), reden=REDEN)
    services.contact_register(user=professional, team=team, dossier=dg, datum=date(2022, 9, 20), duur_minuten=30, vorm="face_to_face",
                              hulpsoort="licht", probleemcategorieen=["opvoeding"])  # rebuilds DG's hulpperiodes
    assert Hulpperiode.objects.filter(dossier=dg, jeugdige__geanonimiseerd_op__isnull=False).count() == 3


def test_the_cbs_records_of_earlier_periods_stay_without_identifiers(professional, teamleider, team, leiden, leiderdorp, beheerder):
    w = export_world.build(professional=professional, teamleider=teamleider, team=team, leiden=leiden, leiderdorp=leiderdorp)
    periode = Periode.halfjaar(2020, 1)
    protocol_before, aanlevering_before = protocol_rows(periode, None), aanlevering_rows(periode, None)
    retention.jeugdige_erase(user=beheerder, jeugdige=w.p, reden=REDEN)
    protocol, aanlevering = protocol_rows(periode, None), aanlevering_rows(periode, None)
    # the same records; P's now without pseudonym of its BSN, postcode, BSN or birth day
    assert sorted(r[1:4] + r[5:] for r in protocol) == sorted(r[1:4] + r[5:] for r in protocol_before)
    assert export_world.BSN_P not in {r[0] for r in aanlevering}
    p_record = next(r for r in aanlevering if r[7] == "20200110")
    assert (len(aanlevering), p_record[:4]) == (len(aanlevering_before), ("000000000", "20120000", "M", "0546"))


def test_erasure_is_audited_with_its_reason(world, beheerder):
    x = world.dossiers["DX"].jeugdigen.get()
    retention.jeugdige_erase(user=beheerder, jeugdige=x, reden=REDEN)
    row = AuditLog.objects.get(action="vernietigen_op_verzoek", object_type="jeugdige", object_id=str(x.pk))
    assert (row.username, row.result, row.detail["reden"], row.detail["dossiers"]) == ("bert", "ok", REDEN, 1)
    assert AuditLog.objects.filter(action="vernietigen_op_verzoek", object_type="dossier", object_id=str(world.dossiers["DX"].pk)).exists()


@pytest.mark.parametrize("role", ["professional", "teamleider", "gemeente_user"])
def test_only_functioneel_beheer_erases(request, world, role):
    x = world.dossiers["DX"].jeugdigen.get()
    before = snapshot()
    with pytest.raises(Forbidden, match="Alleen functioneel beheer vernietigt gegevens op verzoek"):
        retention.jeugdige_erase(user=request.getfixturevalue(role), jeugdige=x, reden=REDEN)
    assert snapshot() == before
    assert AuditLog.objects.filter(action="vernietigen_op_verzoek", result="geweigerd", object_id=str(x.pk)).count() == 1


@pytest.mark.parametrize(("reden", "code"), [("", "reden_verplicht"), ("verzoek", "reden_verplicht"), ("x" * 501, "reden_te_lang")])
def test_erasure_needs_a_reason(world, beheerder, reden, code):
    before = snapshot()
    with pytest.raises(InvalidInput) as refused:
        retention.jeugdige_erase(user=beheerder, jeugdige=world.dossiers["DX"].jeugdigen.get(), reden=reden)
    assert ([c for _, c, _ in refused.value.errors], snapshot()) == ([code], before)


def test_an_erased_jeugdige_cannot_be_erased_twice(world, beheerder):
    x = world.dossiers["DX"].jeugdigen.get()
    retention.jeugdige_erase(user=beheerder, jeugdige=x, reden=REDEN)
    with pytest.raises(NotFound):
        retention.jeugdige_erase(user=beheerder, jeugdige=x, reden=REDEN)


def test_erasure_removes_idempotency_keys_and_keeps_no_link_to_the_professional(world, beheerder):
    dx = world.dossiers["DX"]
    contact = Contact.objects.filter(dossier=dx).first()
    IdempotencyKey.objects.create(user=contact.geregistreerd_door, key="k1", body_hash="0" * 64, contact=contact)
    retention.jeugdige_erase(user=beheerder, jeugdige=dx.jeugdigen.get(), reden=REDEN)
    assert not IdempotencyKey.objects.filter(contact=contact).exists()
    rest = Dossier.objects.get(contacten=contact)
    assert set(StatusWijziging.objects.filter(dossier=rest).values_list("door", flat=True)) == {None}
    assert set(Doorverwijzing.objects.filter(dossier=rest).values_list("geregistreerd_door", flat=True)) <= {None}


def test_erasure_keeps_a_referrals_outcome_but_not_its_reason(world, beheerder, professional):
    ds = world.dossiers["DS"]
    verwijzing = ds.doorverwijzingen.get()
    services.doorverwijzing_update(user=professional, doorverwijzing=verwijzing, status="niet_gestart", datum=date(2022, 3, 20),
                                   reden="Moeder van Sanne wilde niet")
    retention.jeugdige_erase(user=beheerder, jeugdige=ds.jeugdigen.get(), reden=REDEN)
    rest = Doorverwijzing.objects.get(pk=verwijzing.pk)
    assert (rest.status, rest.status_datum, rest.soort, rest.reden, rest.geregistreerd_door_id) == (
        "niet_gestart", date(2022, 3, 20), "lvb", "", None)


# --- names and betrokkenen (issue 11) go with the person ---------------------------------------------------------------


def test_erasure_destroys_the_name_and_the_betrokkenen_of_its_own_dossier(world, beheerder):
    from cases import services
    from cases.models import Betrokkene

    dx = world.dossiers["DX"]
    x = dx.jeugdigen.get()
    Jeugdige.objects.filter(pk=x.pk).update(voornamen="Quintijn", achternaam="Zeldzaamheid", zoeknaam="quintijn zeldzaamheid")
    services.betrokkene_add(user=dx.regiehouder, dossier=dx, naam="Wubbo Tammelingsma", relatie="ouder", telefoon="06 98765432")
    retention.jeugdige_erase(user=beheerder, jeugdige=x, reden=REDEN)
    assert Jeugdige.objects.filter(zoeknaam__contains="zeldzaamheid").count() == 0
    assert Betrokkene.objects.filter(naam="Wubbo Tammelingsma").count() == 0
    assert "Zeldzaamheid" not in str(list(AuditLog.objects.values_list("detail", flat=True)))


def test_the_purge_leaves_remainders_without_a_name(world):
    expired = retention.expired_dossiers(AFTER_20_YEARS)
    Jeugdige.objects.filter(dossiers__in=expired).update(voornamen="Quintijn", achternaam="Zeldzaamheid", zoeknaam="quintijn zeldzaamheid")
    retention.dossiers_purge_expired(vandaag=AFTER_20_YEARS)
    assert Jeugdige.objects.exclude(voornamen="").filter(geanonimiseerd_op__isnull=False).count() == 0
    assert Jeugdige.objects.filter(achternaam="Zeldzaamheid").count() == 0
