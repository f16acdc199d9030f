"""Published report versions (DOMAIN.md section 7, "Published figures"; API.md "Report additions in 1.1"):
`POST /rapportages/{id}/definitief` freezes a report, a later one of the same kind, period, gemeente and format is
version n+1 and lists the cells that changed with the corrections behind them; the portal shows it in Dutch.

The world is the export world (tests/reporting/export_world.py); the reports are Leiden's 2020-H1 indicators.
"""

import hashlib
import json
from datetime import timedelta

import pytest
from django.utils import timezone

from cases import services as case_services
from cases.models import Contact, Correctie
from jgt_registratie.errors import Forbidden
from jgt_registratie.models import AuditLog
from jgt_registratie.pseudonyms import pseudoniem
from reporting import generation, retention, services
from reporting.models import Rapportage
from reporting.versions import opgeslagen_cellen
from tests.builders import d, move
from tests.reporting.export_world import BSN_P, BSN_R

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("rapportage_dir")]
API = "/api/v1"
RAPPORTAGES = "/gemeente/rapportages"


def made(user, *, soort="indicatoren", periode="2020-H1", gemeente="0546", formaat="json") -> Rapportage:
    """A report requested and generated (the worker's work, in-process)."""
    rapportage = services.report_request(user=user, soort=soort, periode=periode, gemeente=gemeente, formaat=formaat)
    generation.report_generate(rapportage.pk)
    return Rapportage.objects.get(pk=rapportage.pk)


def publish(api, user, rapportage, body=None):
    return api(user).post(f"{API}/rapportages/{rapportage.pk}/definitief", body, format="json")


def _end_help_of_d5(world, professional):
    """D5 (Q, Leiden) goes to waakvlam on 01-06-2020: its help from 02-04 has ended, so a contact dated in it that is
    registered later is a correction of an ended hulpperiode (CONTACT_NAGEKOMEN). Done before version 1."""
    case_services.dossier_waakvlam(user=professional, dossier=world.d5, datum=d("2020-06-01"), evaluatiedatum=d("2020-09-01"))


def _late_contact(world, professional, team):
    """A huisbezoek of Q on 10-05-2020 in D5's ended help, registered only now: `contact_register` writes the
    CONTACT_NAGEKOMEN correction itself; I05's huisbezoek cell goes from 0 to '.'."""
    return case_services.contact_register(user=professional, team=team, dossier=world.d5, datum=d("2020-05-10"), duur_minuten=30,
                                          vorm="huisbezoek", hulpsoort="licht", probleemcategorieen=["sociaal"])


def _contact(dossier, datum):
    return Contact.objects.get(dossier=dossier, datum=d(datum))


def _sinds(rapportage) -> str:
    return f"Sinds versie {rapportage.versie} (definitief op {timezone.localtime(rapportage.definitief_op):%d-%m-%Y})"


# --- cells ------------------------------------------------------------------------------------------------------


def test_an_indicator_report_keeps_its_delivered_cells(world, gemeente_user):
    rapportage = made(gemeente_user)
    delivered = json.loads((rapportage_path(rapportage)).read_bytes())
    i05 = next(i for i in delivered["indicatoren"] if i["code"] == "I05")
    huisbezoek = next(c for c in i05["uitsplitsingen"] if (c["dimensie"], c["categorie"]) == ("vorm", "huisbezoek"))
    assert (rapportage.cellen["I05"], rapportage.cellen["I05|vorm|huisbezoek"], rapportage.cellen["I04"]) == (
        i05["weergave"], huisbezoek["weergave"], "0")
    assert len(rapportage.cellen) == sum(1 + len(i["uitsplitsingen"]) for i in delivered["indicatoren"])


def rapportage_path(rapportage):
    from django.conf import settings

    return settings.RAPPORTAGE_DIR / rapportage.bestand


def test_the_statutory_delivery_keeps_its_cells_by_pseudonym_never_by_bsn_and_without_values(world, beheerder):
    """Keyed by the pseudonym, and each value only as a keyed hash: no BSN, birth date or postcode outlives the file."""
    from reporting.versions import _verborgen

    rapportage = made(beheerder, soort="cbs_aanlevering", gemeente=None, formaat="csv")
    cellen = opgeslagen_cellen(rapportage.pk)
    text = json.dumps(cellen)
    p = pseudoniem(world.p)
    assert (BSN_P in text, BSN_R in text, "20120517" in text, "2311AB" in text) == (False, False, False, False)
    assert {k: v for k, v in cellen.items() if k.startswith(p)} == {k: _verborgen(v) for k, v in {
        f"{p}|20200110|geboortedatum": "20120517", f"{p}|20200110|geslacht": "M", f"{p}|20200110|postcode_of_gemeentecode": "2311AB",
        f"{p}|20200110|verwijzer": "06", f"{p}|20200110|hulpvorm": "01", f"{p}|20200110|gestart_met_crisis": "J",
        f"{p}|20200110|datum_einde": "20200212", f"{p}|20200110|reden_beeindiging": "01"}.items()}


def test_the_anonymised_protocol_keeps_one_cell_per_record_and_column(world, beheerder):
    rapportage = made(beheerder, soort="cbs_protocol", gemeente=None, formaat="csv")
    p = pseudoniem(world.p)
    cellen = opgeslagen_cellen(rapportage.pk)
    assert (len(cellen), cellen[f"{p}|20200110|hulpsoort"], cellen[f"{p}|20200110|contactminuten"], rapportage.cellen) == (
        4 * 14, "middelzwaar", "75", {})


# --- publishing -------------------------------------------------------------------------------------------------


def test_a_gemeente_publishes_its_report_as_version_1(api, world, gemeente_user):
    rapportage = made(gemeente_user)
    response = publish(api, gemeente_user, rapportage)
    body = response.json()
    rapportage.refresh_from_db()
    assert (response.status_code, body["definitief"], body["versie"], body["wijzigingen"]) == (200, True, 1, None)
    assert (rapportage.definitief, rapportage.definitief_door, body["definitiefOp"] is not None) == (True, gemeente_user, True)
    row = AuditLog.objects.get(action="rapportage_definitief", object_id=str(rapportage.pk), result="ok")
    assert (row.username, row.detail["versie"], row.detail["sha256"]) == ("gerda", 1, rapportage.sha256)


def test_before_any_publication_every_report_is_version_1(world, gemeente_user):
    assert [made(gemeente_user).versie for _ in range(2)] == [1, 1]


def test_a_published_report_stays_frozen(api, world, gemeente_user, professional, team, settings):
    _end_help_of_d5(world, professional)
    rapportage = made(gemeente_user)
    publish(api, gemeente_user, rapportage)
    before = (rapportage_path(rapportage).read_bytes(), rapportage.sha256, rapportage.definitieversie, rapportage.bestand)
    _late_contact(world, professional, team)
    # a late duplicate task, beat's stuck-report run and the retention run all leave it alone
    Rapportage.objects.filter(pk=rapportage.pk).update(aangemaakt_op=timezone.now() - timedelta(days=400))
    results = (generation.report_generate(rapportage.pk), generation.stale_reports_resume(), retention.purge_expired()["aanleveringsbestanden"])
    rapportage.refresh_from_db()
    after = (rapportage_path(rapportage).read_bytes(), rapportage.sha256, rapportage.definitieversie, rapportage.bestand)
    assert (results, after, hashlib.sha256(after[0]).hexdigest()) == ((generation.OVERGESLAGEN, [], 0), before, before[1])


def test_a_published_statutory_delivery_still_loses_its_bsn_file_after_the_retention_days(api, world, beheerder, settings):
    """The BSNs go after AANLEVERING_BEWAARDAGEN, published or not; what was published stays traceable by its sha256,
    version and (pseudonymous) cells."""
    rapportage = made(beheerder, soort="cbs_aanlevering", gemeente=None, formaat="csv")
    publish(api, beheerder, rapportage)
    rapportage.refresh_from_db()
    before = (rapportage.sha256, rapportage.versie, rapportage.definitief, opgeslagen_cellen(rapportage.pk))
    Rapportage.objects.filter(pk=rapportage.pk).update(gereed_op=timezone.now() - timedelta(days=settings.AANLEVERING_BEWAARDAGEN + 1))
    assert (retention.aanlevering_files_expire(), rapportage_path(rapportage).is_file()) == ([rapportage.pk], False)
    rapportage.refresh_from_db()
    assert ((rapportage.sha256, rapportage.versie, rapportage.definitief, opgeslagen_cellen(rapportage.pk)),
            rapportage.bestand_verwijderd_op is not None) == (before, True)


def test_publishing_twice_returns_the_same_report_unchanged(api, world, gemeente_user):
    rapportage = made(gemeente_user)
    first = publish(api, gemeente_user, rapportage).json()
    second = publish(api, gemeente_user, rapportage)
    assert (second.status_code, second.json()) == (200, first)
    assert AuditLog.objects.filter(action="rapportage_definitief", object_id=str(rapportage.pk), result="ok").count() == 2


def test_a_report_that_is_not_gereed_cannot_be_published(api, world, gemeente_user):
    rapportage = services.report_request(user=gemeente_user, soort="indicatoren", periode="2020-H1", gemeente="0546", formaat="json")
    response = publish(api, gemeente_user, rapportage)
    rapportage.refresh_from_db()
    assert (response.status_code, response.json()["detail"], rapportage.definitief) == (
        409, "Alleen een gereed rapport kan definitief worden gemaakt; deze rapportage is in de wachtrij.", False)
    assert AuditLog.objects.filter(action="rapportage_definitief", object_id=str(rapportage.pk), result="conflict").count() == 1


def test_a_report_whose_file_was_damaged_cannot_be_published(api, world, gemeente_user):
    rapportage = made(gemeente_user)
    rapportage_path(rapportage).write_bytes(b"{}")
    response = publish(api, gemeente_user, rapportage)
    assert (response.status_code, Rapportage.objects.get(pk=rapportage.pk).definitief) == (409, False)


def test_a_body_with_fields_is_400(api, world, gemeente_user):
    rapportage = made(gemeente_user)
    response = publish(api, gemeente_user, rapportage, {"versie": 3})
    assert (response.status_code, response.json()["invalidParams"][0]["name"], Rapportage.objects.get(pk=rapportage.pk).definitief) == (
        400, "versie", False)


def test_an_empty_body_is_accepted(api, world, gemeente_user):
    assert publish(api, gemeente_user, made(gemeente_user), {}).status_code == 200


# --- who may publish --------------------------------------------------------------------------------------------


def test_a_gemeente_cannot_publish_another_gemeentes_report_it_is_404(api, world, gemeente_user, beheerder):
    other = made(beheerder, gemeente="0547")
    response = publish(api, gemeente_user, other)
    missing = api(gemeente_user).post(f"{API}/rapportages/0b7e7a3e-8d0b-4a53-9a8e-5c1a7e0f3b11/definitief", format="json")
    assert (response.status_code, response.json()["detail"]) == (404, missing.json()["detail"])
    assert (Rapportage.objects.get(pk=other.pk).definitief,
            AuditLog.objects.filter(action="rapportage_definitief", username="gerda", result="niet_gevonden").count()) == (False, 2)


def test_a_gemeente_cannot_publish_a_cbs_export_of_its_gemeente(api, world, gemeente_user, beheerder):
    protocol = made(beheerder, soort="cbs_protocol", formaat="csv")
    assert publish(api, gemeente_user, protocol).status_code == 404
    with pytest.raises(Forbidden, match="Een gemeente kan alleen indicatorenrapportages definitief maken; de verantwoording"):
        services.report_publish(user=gemeente_user, rapportage=protocol)
    assert Rapportage.objects.get(pk=protocol.pk).definitief is False


@pytest.mark.parametrize("role", ["professional", "teamleider"])
def test_case_roles_cannot_publish(request, api, world, gemeente_user, role):
    rapportage = made(gemeente_user)
    user = request.getfixturevalue(role)
    assert (publish(api, user, rapportage).status_code, Rapportage.objects.get(pk=rapportage.pk).definitief) == (403, False)


def test_the_beheerder_publishes_every_kind(api, world, beheerder):
    reports = [made(beheerder), made(beheerder, soort="cbs_protocol", gemeente=None, formaat="csv"),
               made(beheerder, soort="cbs_aanlevering", gemeente=None, formaat="xlsx")]
    assert [publish(api, beheerder, r).json()["versie"] for r in reports] == [1, 1, 1]


def test_anonymous_is_401(api, world, gemeente_user):
    assert publish(api, None, made(gemeente_user)).status_code == 401


# --- version 2 --------------------------------------------------------------------------------------------------


def test_version_2_lists_exactly_the_changed_cells_and_the_corrections(api, world, gemeente_user, professional, team, leiden, leiderdorp):
    _end_help_of_d5(world, professional)
    case_services.contact_update(user=professional, contact=_contact(world.d2, "2020-02-03"), duur_minuten=50)  # before v1
    v1 = made(gemeente_user)
    publish(api, gemeente_user, v1)
    v1.refresh_from_db()
    _late_contact(world, professional, team)
    move(world.q, gemeente=leiden, vanaf=d("2020-06-01"), postcode="2312AB")
    move(world.r, gemeente=leiderdorp, vanaf=d("2020-06-01"), postcode="2352EF")  # in Leiderdorp
    case_services.contact_update(user=professional, contact=_contact(world.d2, "2020-07-15"), duur_minuten=40)  # in H2
    v2 = made(gemeente_user)
    body = api(gemeente_user).get(f"{API}/rapportages/{v2.pk}").json()
    # What a gemeente receives: the kinds of corrections, their counts under disclosure control (1 to 9 is ".").
    reden = (f"{_sinds(v1)} zijn registraties uit deze periode gecorrigeerd: contacten later geregistreerd (minder dan 10), "
             "verhuizingen (minder dan 10).")
    # 9 corrections, of which 4 after v1: before it the world's backdated status changes (4) and one contact correction.
    assert (Correctie.objects.count(), Correctie.objects.filter(moment__gt=v1.gestart_op).count()) == (9, 4)
    assert (body["versie"], body["definitief"], body["definitiefOp"]) == (2, False, None)
    assert list(body["wijzigingen"]) == ["vorigeVersie", "cellen", "correcties", "correctiesVan", "toelichting"]
    assert list(body["wijzigingen"]["cellen"][0]) == ["sleutel", "code", "dimensie", "categorie", "record", "kolom", "oud", "nieuw", "zin"]
    assert body["wijzigingen"] == {
        "vorigeVersie": {"id": str(v1.pk), "versie": 1, "definitiefOp": timezone.localtime(v1.definitief_op).isoformat()},
        "cellen": [{"sleutel": "I05|vorm|huisbezoek", "code": "I05", "dimensie": "vorm", "categorie": "huisbezoek", "record": None, "kolom": None,
                    "oud": "0", "nieuw": ".", "zin": f"Contacten (I05), vorm huisbezoek: was 0, is nu afgeschermd (.). {reden}"}],
        "correcties": [{"soort": "contact_nagekomen", "omschrijving": "Contact later geregistreerd in een beëindigde hulpperiode",
                        "aantal": None, "weergave": "."},
                       {"soort": "verhuizing", "omschrijving": "Adres (verhuizing) vastgelegd", "aantal": None, "weergave": "."}],
        "correctiesVan": "gemeente",
        "toelichting": reden,
    }
    published = publish(api, gemeente_user, v2).json()
    assert (published["versie"], published["wijzigingen"]) == (2, body["wijzigingen"])


def test_a_report_over_all_gemeenten_counts_the_organisations_corrections(api, world, beheerder, professional, team, leiderdorp):
    _end_help_of_d5(world, professional)
    v1 = made(beheerder, soort="cbs_protocol", gemeente=None, formaat="csv")
    publish(api, beheerder, v1)
    v1.refresh_from_db()
    _late_contact(world, professional, team)
    move(world.r, gemeente=leiderdorp, vanaf=d("2020-06-01"), postcode="2352EF")  # Leiderdorp counts here
    v2 = made(beheerder, soort="cbs_protocol", gemeente=None, formaat="csv")
    record = f"{pseudoniem(world.q)}|20200402"
    reden = f"{_sinds(v1)} zijn 2 registraties uit deze periode gecorrigeerd: 1 contact later geregistreerd, 1 verhuizing."
    zin = f"Record {pseudoniem(world.q)[:8]} (hulp vanaf 02-04-2020)"
    assert [(c["sleutel"], c["oud"], c["nieuw"], c["zin"]) for c in v2.wijzigingen["cellen"]] == [
        (f"{record}|aantal_contacten", "1", "2", f"{zin}, aantal_contacten: was 1, is nu 2. {reden}"),
        (f"{record}|contactminuten", "20", "50", f"{zin}, contactminuten: was 20, is nu 50. {reden}"),
        (f"{record}|datum_einde", "20200402", "20200510", f"{zin}, datum_einde: was 20200402, is nu 20200510. {reden}"),
    ]
    assert (v2.versie, v2.wijzigingen["correctiesVan"]) == (2, "organisatie")


def test_a_dossier_change_is_named_for_the_period_whose_figures_it_changed(api, world, gemeente_user, beheerder, professional):
    # Regression: dossier_update recorded its correction on today's date only, so a 2020 version whose figures it had
    # changed (the running hulpperiode's categories, a record's gestart_met_crisis) blamed "later entered registrations".
    gemeente_v1 = made(gemeente_user)
    publish(api, gemeente_user, gemeente_v1)
    gemeente_v1.refresh_from_db()
    v1 = made(beheerder, soort="cbs_protocol", gemeente=None, formaat="csv")
    publish(api, beheerder, v1)
    v1.refresh_from_db()
    case_services.dossier_update(user=professional, dossier=world.d5, probleemcategorieen=["sociaal", "school"])  # Q's running help
    case_services.dossier_update(user=professional, dossier=world.d3, gestart_met_crisis=True)  # R, Leiderdorp, help ended
    v2 = made(beheerder, soort="cbs_protocol", gemeente=None, formaat="csv")
    gemeente_v2 = made(gemeente_user)
    reden = f"{_sinds(v1)} zijn 2 registraties uit deze periode gecorrigeerd: 2 dossiers gewijzigd."
    assert [(c["sleutel"], c["oud"], c["nieuw"], c["zin"]) for c in v2.wijzigingen["cellen"]] == sorted([
        (f"{pseudoniem(world.q)}|20200402|probleemcategorieen", "sociaal", "school;sociaal",
         f"Record {pseudoniem(world.q)[:8]} (hulp vanaf 02-04-2020), probleemcategorieen: was sociaal, is nu school;sociaal. {reden}"),
        (f"{pseudoniem(world.r)}|20200302|gestart_met_crisis", "N", "J",
         f"Record {pseudoniem(world.r)[:8]} (hulp vanaf 02-03-2020), gestart_met_crisis: was N, is nu J. {reden}"),
    ])
    assert (gemeente_v2.wijzigingen["cellen"], gemeente_v2.wijzigingen["correcties"], gemeente_v2.wijzigingen["toelichting"]) == (
        [], [{"soort": "dossier_gewijzigd", "omschrijving": "Dossier gewijzigd (hulpsoort, categorieën)", "aantal": None, "weergave": "."}],
        f"{_sinds(gemeente_v1)} zijn registraties uit deze periode gecorrigeerd: dossiers gewijzigd (minder dan 10).")


def test_a_deleted_and_an_attached_contact_each_count_once(api, world, gemeente_user, professional, team):
    # Regression: Leiden's contact without dossier attached to R's Leiderdorp dossier changed Leiden's figures, but its
    # correction names only that dossier, so Leiden's version 2 did not name it.
    v1 = made(gemeente_user)
    publish(api, gemeente_user, v1)
    v1.refresh_from_db()
    case_services.contact_delete(user=professional, contact=_contact(world.d1, "2020-01-10"))  # P's, help ended at closure
    case_services.contact_attach(user=professional, contact=Contact.objects.get(dossier=None), dossier=world.d3)  # 10-03-2020
    v2 = made(gemeente_user)
    reden = (f"{_sinds(v1)} zijn registraties uit deze periode gecorrigeerd: contacten verwijderd (minder dan 10), "
             "contacten later aan een dossier gekoppeld (minder dan 10).")
    assert [(c["sleutel"], c["oud"], c["nieuw"], c["zin"]) for c in v2.wijzigingen["cellen"]] == [
        ("I05|dossier|zonder", ".", "0", f"Contacten (I05), dossier zonder dossier: was afgeschermd (.), is nu 0. {reden}"),
        ("I05|hulpsoort|preventief", ".", "0", f"Contacten (I05), hulpsoort preventief: was afgeschermd (.), is nu 0. {reden}"),
        ("I05|vorm|telefonisch", ".", "0", f"Contacten (I05), vorm telefonisch: was afgeschermd (.), is nu 0. {reden}"),
    ]
    assert v2.wijzigingen["correcties"] == [
        {"soort": "contact_verwijderd", "omschrijving": "Contact verwijderd", "aantal": None, "weergave": "."},
        {"soort": "contact_gekoppeld", "omschrijving": "Contact later aan een dossier gekoppeld", "aantal": None, "weergave": "."}]


def test_a_late_contact_in_running_help_is_no_correction_and_the_sentence_says_so(api, world, gemeente_user, professional, team):
    v1 = made(gemeente_user)
    publish(api, gemeente_user, v1)
    v1.refresh_from_db()
    _late_contact(world, professional, team)  # D5's help from 02-04 still runs: a registration entered later, not a correction
    v2 = made(gemeente_user)
    reden = f"{_sinds(v1)} is geen registratie uit deze periode gecorrigeerd; het verschil komt door registraties die later zijn ingevoerd."
    assert ([(c["sleutel"], c["oud"], c["nieuw"], c["zin"]) for c in v2.wijzigingen["cellen"]], v2.wijzigingen["correcties"]) == (
        [("I05|vorm|huisbezoek", "0", ".", f"Contacten (I05), vorm huisbezoek: was 0, is nu afgeschermd (.). {reden}")], [])


def test_unchanged_figures_give_version_2_with_no_cells(api, world, gemeente_user):
    v1 = made(gemeente_user)
    publish(api, gemeente_user, v1)
    v1.refresh_from_db()
    v2 = made(gemeente_user)
    assert (v2.versie, v2.wijzigingen["cellen"], v2.wijzigingen["correcties"], v2.wijzigingen["toelichting"]) == (
        2, [], [], f"{_sinds(v1)} is geen registratie uit deze periode gecorrigeerd; het verschil komt door registraties die later zijn ingevoerd.")


def test_versions_count_per_format(api, world, gemeente_user):
    publish(api, gemeente_user, made(gemeente_user))
    assert (made(gemeente_user).versie, made(gemeente_user, formaat="csv").versie, made(gemeente_user, periode="2020-Q1").versie) == (2, 1, 1)


def test_a_version_published_in_between_renumbers_the_other(api, world, gemeente_user, professional, team):
    _end_help_of_d5(world, professional)
    v1 = made(gemeente_user)
    publish(api, gemeente_user, v1)
    early = made(gemeente_user)
    _late_contact(world, professional, team)
    late = made(gemeente_user)
    publish(api, gemeente_user, early)
    early.refresh_from_db()
    body = publish(api, gemeente_user, late).json()
    assert (early.versie, late.versie, body["versie"], body["wijzigingen"]["vorigeVersie"]["id"]) == (2, 2, 3, str(early.pk))
    # late was made after the late contact: against version 2 its huisbezoek cell changed
    assert [(c["sleutel"], c["oud"], c["nieuw"]) for c in body["wijzigingen"]["cellen"]] == [("I05|vorm|huisbezoek", "0", ".")]


def test_an_older_report_cannot_be_published_after_a_newer_one(api, world, gemeente_user, professional, team):
    """Older figures never become the newest published truth: a 409, and nothing changes."""
    _end_help_of_d5(world, professional)
    publish(api, gemeente_user, made(gemeente_user))
    early = made(gemeente_user)
    _late_contact(world, professional, team)
    late = made(gemeente_user)
    publish(api, gemeente_user, late)
    response = publish(api, gemeente_user, early)
    early.refresh_from_db()
    assert (response.status_code, response.json()["reden"], early.definitief) == (409, "nieuwere_versie_gepubliceerd", False)


# --- the portal ---------------------------------------------------------------------------------------------------


def test_the_portal_offers_definitief_maken_for_a_finished_own_report(client, world, gemeente_user):
    made(gemeente_user)
    client.force_login(gemeente_user)
    page = client.get(RAPPORTAGES).content.decode()
    assert ("Versie 1" in page, "Definitief maken" in page, 'name="bevestig"' in page, "csrfmiddlewaretoken" in page) == (True, True, True, True)


def test_the_portal_publishes_only_after_confirmation(client, world, gemeente_user):
    rapportage = made(gemeente_user)
    client.force_login(gemeente_user)
    url = f"/gemeente/rapportages/{rapportage.pk}/definitief"
    unconfirmed = client.post(url, {}, follow=True)
    assert ("vink eerst aan" in unconfirmed.content.decode(), Rapportage.objects.get(pk=rapportage.pk).definitief) == (True, False)
    confirmed = client.post(url, {"bevestig": "ja"}, follow=True)
    rapportage.refresh_from_db()
    page = confirmed.content.decode()
    assert (rapportage.definitief, f"Definitief sinds {timezone.localtime(rapportage.definitief_op):%d-%m-%Y}" in page,
            "Definitief maken<" in page) == (True, True, False)
    assert AuditLog.objects.filter(action="rapportage_definitief", object_id=str(rapportage.pk), username="gerda", result="ok").count() == 1


def test_the_portal_shows_the_sentences_of_version_2(client, api, world, gemeente_user, professional, team):
    _end_help_of_d5(world, professional)
    v1 = made(gemeente_user)
    publish(api, gemeente_user, v1)
    _late_contact(world, professional, team)
    v2 = made(gemeente_user)
    client.force_login(gemeente_user)
    page = client.get(RAPPORTAGES).content.decode()
    assert ("Versie 2" in page, "Contacten (I05), vorm huisbezoek: was 0, is nu afgeschermd (.)." in page) == (True, True)
    assert v2.wijzigingen["cellen"][0]["zin"].split(". Sinds")[0] == "Contacten (I05), vorm huisbezoek: was 0, is nu afgeschermd (.)"


def test_the_portal_hides_another_gemeentes_report(client, world, gemeente_user, beheerder):
    other = made(beheerder, gemeente="0547")
    client.force_login(gemeente_user)
    response = client.post(f"/gemeente/rapportages/{other.pk}/definitief", {"bevestig": "ja"})
    assert (response.status_code, Rapportage.objects.get(pk=other.pk).definitief) == (404, False)


def test_the_portal_refuses_a_report_not_gereed_in_dutch(client, world, gemeente_user):
    rapportage = services.report_request(user=gemeente_user, soort="indicatoren", periode="2020-H1", gemeente="0546", formaat="json")
    client.force_login(gemeente_user)
    page = client.post(f"/gemeente/rapportages/{rapportage.pk}/definitief", {"bevestig": "ja"}, follow=True).content.decode()
    assert "Alleen een gereed rapport kan definitief worden gemaakt" in page


def test_a_gemeente_sees_correction_counts_of_10_or_more_rounded_to_5_and_smaller_ones_suppressed(api, world, gemeente_user):
    from reporting.versions import corrections_sentence

    v1 = made(gemeente_user)
    publish(api, gemeente_user, v1)
    v1.refresh_from_db()
    correcties = [{"soort": "contact_gewijzigd", "aantal": 10, "weergave": "10"}, {"soort": "verhuizing", "aantal": None, "weergave": "."}]
    assert corrections_sentence(v1, correcties) == (
        f"{_sinds(v1)} zijn registraties uit deze periode gecorrigeerd: contacten gecorrigeerd (ongeveer 10), verhuizingen (minder dan 10).")


def test_a_large_change_of_a_cbs_export_lists_its_first_cells_and_counts_them_all(api, world, beheerder, professional, team,
                                                                                 leiderdorp, monkeypatch):
    """A CBS export's cells are rows of their own (a national export's would pass the size of one jsonb), compared in SQL
    with a bounded read: the first WIJZIGINGEN_MAX changed cells in key order, and when more changed, how many in all
    and per column."""
    from reporting import versions
    from reporting.models import RapportageCel

    monkeypatch.setattr(versions, "WIJZIGINGEN_MAX", 2)
    _end_help_of_d5(world, professional)
    v1 = made(beheerder, soort="cbs_protocol", gemeente=None, formaat="csv")
    publish(api, beheerder, v1)
    v1.refresh_from_db()
    _late_contact(world, professional, team)
    move(world.r, gemeente=leiderdorp, vanaf=d("2020-06-01"), postcode="2352EF")
    v2 = made(beheerder, soort="cbs_protocol", gemeente=None, formaat="csv")
    record = f"{pseudoniem(world.q)}|20200402"
    assert [(c["sleutel"], c["oud"], c["nieuw"]) for c in v2.wijzigingen["cellen"]] == [
        (f"{record}|aantal_contacten", "1", "2"), (f"{record}|contactminuten", "20", "50")]
    assert (v2.wijzigingen["cellenAantal"], v2.wijzigingen["cellenPerKolom"]) == (
        3, {"aantal_contacten": 1, "contactminuten": 1, "datum_einde": 1})
    shown = api(beheerder).get(f"{API}/rapportages/{v2.pk}").json()["wijzigingen"]  # the API passes the counts on, as documented
    assert (len(shown["cellen"]), shown["cellenAantal"], shown["cellenPerKolom"]) == (
        2, 3, {"aantal_contacten": 1, "contactminuten": 1, "datum_einde": 1})
    assert (v1.cellen, v2.cellen, RapportageCel.objects.filter(rapportage_id=v2.pk).count()) == ({}, {}, 4 * 14)
    Rapportage.objects.filter(pk=v2.pk).delete()  # its cells go with it
    assert (RapportageCel.objects.filter(rapportage_id=v2.pk).count(), RapportageCel.objects.filter(rapportage_id=v1.pk).count()) == (0, 4 * 14)
