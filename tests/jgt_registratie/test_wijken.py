"""Wijken as postcode ranges (issue 12): the checks on a range, no overlap at one level, and their beheer in /beheer/."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, connections, transaction

from jgt_registratie import wijken
from jgt_registratie.models import AuditLog, Postcodebereik, Wijk
from tests.processes import wait_until_another_session_waits_on_this_one

pytestmark = pytest.mark.django_db


@pytest.fixture
def binnenstad(leiden):
    return Wijk.objects.create(code="WK054600", naam="Binnenstad-Noord", gemeente=leiden)


@pytest.fixture
def zuid(leiden):
    return Wijk.objects.create(code="WK054601", naam="Binnenstad-Zuid", gemeente=leiden)


def bereik(wijk, van, tot=None) -> Postcodebereik:
    obj = Postcodebereik(wijk=wijk, van=van, tot=tot or van)
    obj.full_clean()
    obj.save()
    return obj


def fouten(wijk, van, tot) -> dict:
    with pytest.raises(ValidationError) as exc:
        Postcodebereik(wijk=wijk, van=van, tot=tot).full_clean()
    return exc.value.message_dict


# --- a range on its own ---------------------------------------------------------------------------------------


def test_a_range_is_normalised_to_capitals_without_spaces(binnenstad):
    obj = bereik(binnenstad, "2312 aa", " 2312kz")
    assert (obj.van, obj.tot, str(obj)) == ("2312AA", "2312KZ", "2312AA t/m 2312KZ")


@pytest.mark.parametrize(("van", "tot", "veld", "tekst"), [
    ("231", "2315", "van", "'231' is geen postcode: vier cijfers (2311) of vier cijfers en twee letters (2312AA)."),
    ("0311", "2315", "van", "'0311' is geen postcode: vier cijfers (2311) of vier cijfers en twee letters (2312AA)."),
    ("2311", "2312AA", "tot", "Van en tot zijn allebei vier cijfers (pc4) of allebei vier cijfers en twee letters (pc6)."),
    ("2312AA", "2313KZ", "tot", "Een bereik van pc6-postcodes blijft binnen één pc4 (bijvoorbeeld 2312AA tot en met 2312KZ)."),
    ("2315", "2311", "tot", "'Tot' (2311) ligt voor 'van' (2315)."),
])
def test_a_malformed_range_is_refused_in_dutch(binnenstad, van, tot, veld, tekst):
    assert fouten(binnenstad, van, tot) == {veld: [tekst]}


def test_the_database_refuses_a_malformed_range_too(binnenstad):
    for van, tot in (("2312AA", "2313KZ"), ("2315", "2311"), ("2311", "2312AA")):
        with pytest.raises(IntegrityError), transaction.atomic():
            Postcodebereik.objects.create(wijk=binnenstad, van=van, tot=tot)


# --- no overlap at one level (the beheer form checks all its rows at once; the database has the last word) ----------


def post_wijk(client, wijk, rows, *, initial=0):
    """The beheer form of `wijk` (None: a new one, WK054602 in Leiden) with these postcode rows."""
    fields = {"code": wijk.code, "naam": wijk.naam, "gemeente": wijk.gemeente_id} if wijk else {
        "code": "WK054602", "naam": "Stationsdistrict", "gemeente": "0546"}
    url = f"/beheer/jgt_registratie/wijk/{wijk.pk}/change/" if wijk else "/beheer/jgt_registratie/wijk/add/"
    return client.post(url, inline([{**({"wijk": str(wijk.pk)} if wijk else {}), **row} for row in rows], initial=initial, **fields))


OVERLAP_EINDE = " Een postcode hoort bij één wijk; splits een pc4 die over wijken verdeeld is in pc6-bereiken."


@pytest.fixture
def beheer(client, beheerder):
    client.force_login(beheerder)
    return client


def test_an_overlapping_pc4_range_is_refused_naming_the_wijk_that_holds_it(beheer, binnenstad, zuid):
    bereik(binnenstad, "2311", "2313")
    response = post_wijk(beheer, zuid, [{"van": "2313", "tot": "2315"}])
    assert response.status_code == 200
    assert "Postcodes 2313-2315 overlappen met wijk Binnenstad-Noord (WK054600): 2311-2313." + OVERLAP_EINDE in response.content.decode()
    assert zuid.postcodebereiken.count() == 0


def test_two_rows_of_one_form_may_not_overlap_each_other(beheer, leiden):
    response = post_wijk(beheer, None, [{"van": "2312aa", "tot": "2312kz"}, {"van": "2312KA", "tot": "2312ZZ"}])
    assert response.status_code == 200
    assert "Postcodes 2312KA-2312ZZ overlappen met een ander bereik in dit formulier: 2312AA-2312KZ." in response.content.decode()
    assert not Wijk.objects.filter(code="WK054602").exists() and not Postcodebereik.objects.exists()


def test_a_pc6_range_may_split_a_pc4_of_another_wijk(beheer, binnenstad, zuid):
    bereik(binnenstad, "2311", "2312")
    assert post_wijk(beheer, zuid, [{"van": "2312AA", "tot": "2312KZ"}]).status_code == 302
    assert Postcodebereik.objects.count() == 2


def test_ranges_of_two_gemeenten_may_not_overlap_either(beheer, binnenstad, leiderdorp):
    bereik(binnenstad, "2311")
    oude_dorp = Wijk.objects.create(code="WK054700", naam="Oude Dorp", gemeente=leiderdorp)
    response = post_wijk(beheer, oude_dorp, [{"van": "2310", "tot": "2311"}])
    assert "Postcodes 2310-2311 overlappen met wijk Binnenstad-Noord (WK054600): 2311." in response.content.decode()


def test_a_form_may_move_postcodes_from_one_row_to_another(beheer, binnenstad):
    eerste, tweede = bereik(binnenstad, "2311", "2312"), bereik(binnenstad, "2313", "2314")
    response = post_wijk(beheer, binnenstad, [{"id": str(eerste.pk), "van": "2311", "tot": "2311"},
                                              {"id": str(tweede.pk), "van": "2312", "tot": "2314"}], initial=2)
    assert response.status_code == 302
    assert list(binnenstad.postcodebereiken.values_list("van", "tot")) == [("2311", "2311"), ("2312", "2314")]


def test_the_exclusion_constraint_refuses_an_overlap_the_checks_did_not_see(binnenstad, zuid):
    Postcodebereik.objects.create(wijk=binnenstad, van="2312AA", tot="2312KZ")
    with pytest.raises(IntegrityError), transaction.atomic():
        with connection.cursor() as cursor:  # deferred to the commit, which a test's transaction never reaches
            cursor.execute("SET CONSTRAINTS postcodebereik_geen_overlap IMMEDIATE")
        Postcodebereik.objects.create(wijk=zuid, van="2312KZ", tot="2312ZZ")
    # another level never collides: a pc4 range holding the same pc4
    Postcodebereik.objects.create(wijk=zuid, van="2312", tot="2312")
    assert Postcodebereik.objects.count() == 2


def test_postcode_getal_is_the_twin_of_the_sql_function():
    samples = ["1000", "2311", "9999", "1000AA", "2312AA", "2312AB", "2312BA", "2312KZ", "9999ZZ"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT jgt_postcode_getal(pc) FROM unnest(%s::text[]) AS pc", [samples])
        sql = [n for (n,) in cursor.fetchall()]
    assert sql == [wijken.postcode_getal(pc) for pc in samples]
    assert sql == sorted(sql) and max(sql[:3]) < min(sql[3:])


# --- the Python rule (demo) -------------------------------------------------------------------------------------


def test_wijk_van_prefers_pc6_and_stays_within_the_gemeente():
    bereiken = [wijken.Bereik("2311", "2312", wijk_code="N", gemeente_id="0546"),
                wijken.Bereik("2312AA", "2312KZ", wijk_code="Z", gemeente_id="0546")]
    assert [wijken.wijk_van(bereiken, "0546", pc) for pc in ("2311XX", "2312AB", "2312 kz", "2312LA", "2313AA", "")] == [
        "N", "Z", "Z", "N", None, None]
    assert wijken.wijk_van(bereiken, "0547", "2311AA") is None


# --- beheer in /beheer/ ---------------------------------------------------------------------------------------


def inline(rows, *, initial=0, **extra) -> dict:
    data = {"postcodebereiken-TOTAL_FORMS": str(len(rows)), "postcodebereiken-INITIAL_FORMS": str(initial),
            "postcodebereiken-MIN_NUM_FORMS": "0", "postcodebereiken-MAX_NUM_FORMS": "1000"}
    for i, row in enumerate(rows):
        data |= {f"postcodebereiken-{i}-{k}": v for k, v in row.items()}
    return data | extra


def test_the_beheerder_adds_a_wijk_with_its_ranges_audited(client, beheerder, leiden):
    client.force_login(beheerder)
    response = client.post("/beheer/jgt_registratie/wijk/add/", inline(
        [{"van": "2311", "tot": "2312"}, {"van": "2313aa", "tot": "2313kz"}],
        code="WK054600", naam="Binnenstad-Noord", gemeente="0546"))
    assert response.status_code == 302
    wijk = Wijk.objects.get(code="WK054600")
    assert sorted(wijk.postcodebereiken.values_list("van", "tot")) == [("2311", "2312"), ("2313AA", "2313KZ")]
    rows = AuditLog.objects.filter(user_id=beheerder.pk, object_type="postcodebereik").order_by("id")
    assert [(r.action, r.detail["ouder"], r.detail["waarde"]) for r in rows] == [
        ("beheer_toevoegen", str(wijk.pk), "2311 t/m 2312"), ("beheer_toevoegen", str(wijk.pk), "2313AA t/m 2313KZ")]
    assert AuditLog.objects.filter(action="beheer_toevoegen", object_type="wijk", object_id=str(wijk.pk)).count() == 1


def test_changing_and_deleting_a_range_in_beheer_is_audited(client, beheerder, binnenstad):
    eerste, tweede = bereik(binnenstad, "2311"), bereik(binnenstad, "2312")
    client.force_login(beheerder)
    response = client.post(f"/beheer/jgt_registratie/wijk/{binnenstad.pk}/change/", inline(
        [{"id": str(eerste.pk), "wijk": str(binnenstad.pk), "van": "2311", "tot": "2315"},
         {"id": str(tweede.pk), "wijk": str(binnenstad.pk), "van": "2312", "tot": "2312", "DELETE": "on"}],
        initial=2, code=binnenstad.code, naam=binnenstad.naam, gemeente="0546"))
    assert response.status_code == 302
    assert list(binnenstad.postcodebereiken.values_list("van", "tot")) == [("2311", "2315")]
    rows = AuditLog.objects.filter(object_type="postcodebereik").order_by("id")
    assert [(r.action, r.object_id, r.detail.get("velden"), r.detail["waarde"]) for r in rows] == [
        ("beheer_wijzigen", str(eerste.pk), ["tot"], "2311 t/m 2315"), ("beheer_verwijderen", str(tweede.pk), None, "2312")]


def test_the_wijk_list_shows_its_postcodes(client, beheerder, binnenstad):
    bereik(binnenstad, "2311")
    bereik(binnenstad, "2312AA", "2312KZ")
    client.force_login(beheerder)
    assert "2311, 2312AA t/m 2312KZ" in client.get("/beheer/jgt_registratie/wijk/").content.decode()


def test_two_beheerders_saving_overlapping_ranges_at_once_get_the_dutch_message(transactional_db, client, beheerder, binnenstad, zuid):
    """The other save holds the ranges' lock with an overlapping row not yet committed; this save waits for it, then
    refuses its row with the Dutch message, instead of meeting the exclusion constraint at its commit (an error page)."""
    client.force_login(beheerder)
    begonnen, fouten_elders = threading.Event(), []

    def andere_beheerder():
        try:
            with transaction.atomic():
                wijken.vergrendel()
                Postcodebereik.objects.create(wijk=binnenstad, van="2311", tot="2313")
                begonnen.set()
                # commit once this test's save waits for the lock (at most 10 s)
                if not wait_until_another_session_waits_on_this_one():
                    fouten_elders.append("de tweede opslag wachtte niet op het slot")
        finally:
            connections.close_all()

    thread = threading.Thread(target=andere_beheerder)
    thread.start()
    assert begonnen.wait(10)
    response = post_wijk(client, zuid, [{"van": "2313", "tot": "2315"}])
    thread.join()
    assert fouten_elders == []
    assert response.status_code == 200
    assert "Postcodes 2313-2315 overlappen met wijk Binnenstad-Noord (WK054600): 2311-2313." + OVERLAP_EINDE in response.content.decode()
    assert list(Postcodebereik.objects.values_list("wijk__code", "van", "tot")) == [("WK054600", "2311", "2313")]
