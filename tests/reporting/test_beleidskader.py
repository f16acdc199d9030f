"""The beleidskader (DOMAIN.md section 8, part 7): a gemeente writes its own texts, never another's; the beheerder every
gemeente's, in the portal and in beheer; every save audited with the old and the new text."""

import pytest

from jgt_registratie.errors import Forbidden, InvalidInput
from jgt_registratie.models import AuditLog
from reporting.models import Beleidskader
from reporting.services import beleidskader_opslaan

pytestmark = pytest.mark.django_db

TE_LANG = "Een tekst van het beleidskader is hoogstens 2000 tekens; nu zijn het er 2001. Verwijs voor de rest naar het beleidsstuk zelf."


def teksten() -> dict:
    return {(b.gemeente_id, b.onderwerp): (b.tekst, b.auteur.username) for b in Beleidskader.objects.select_related("auteur")}


# --- the service --------------------------------------------------------------------------------------------------


def test_a_gemeente_writes_its_own_text_audited_with_old_and_new(gemeente_user, leiden):
    beleidskader_opslaan(user=gemeente_user, gemeente=leiden, onderwerp="verordening", tekst="  Vrij toegankelijk.  ")
    beleidskader_opslaan(user=gemeente_user, gemeente=leiden, onderwerp="verordening", tekst="Vrij toegankelijk, zonder verwijzing.")
    assert teksten() == {("0546", "verordening"): ("Vrij toegankelijk, zonder verwijzing.", "gerda")}
    rows = list(AuditLog.objects.filter(action="beleidskader_opslaan").order_by("id").values_list("username", "object_type", "result", "detail"))
    assert rows == [
        ("gerda", "beleidskader", "ok", {"gemeente": "0546", "onderwerp": "verordening", "oud": "", "nieuw": "Vrij toegankelijk."}),
        ("gerda", "beleidskader", "ok", {"gemeente": "0546", "onderwerp": "verordening", "oud": "Vrij toegankelijk.",
                                         "nieuw": "Vrij toegankelijk, zonder verwijzing."}),
    ]


def test_the_same_text_again_changes_nothing(gemeente_user, leiden):
    eerste = beleidskader_opslaan(user=gemeente_user, gemeente=leiden, onderwerp="afspraken", tekst="Tien werkdagen.")
    tweede = beleidskader_opslaan(user=gemeente_user, gemeente=leiden, onderwerp="afspraken", tekst="Tien werkdagen.")
    assert tweede.gewijzigd_op == eerste.gewijzigd_op
    assert AuditLog.objects.filter(action="beleidskader_opslaan").count() == 1


def test_an_empty_text_removes_it_audited(gemeente_user, leiden):
    beleidskader_opslaan(user=gemeente_user, gemeente=leiden, onderwerp="wijzigingen", tekst="Meer overbrugging.")
    assert beleidskader_opslaan(user=gemeente_user, gemeente=leiden, onderwerp="wijzigingen", tekst="  ") is None
    assert not Beleidskader.objects.exists()
    audit = AuditLog.objects.get(action="beleidskader_verwijderen")
    assert audit.detail == {"gemeente": "0546", "onderwerp": "wijzigingen", "oud": "Meer overbrugging.", "nieuw": ""}


def test_another_gemeentes_text_is_refused_and_audited(gemeente_user, leiderdorp):
    with pytest.raises(Forbidden) as refused:
        beleidskader_opslaan(user=gemeente_user, gemeente=leiderdorp, onderwerp="verordening", tekst="Niet van mij.")
    assert refused.value.detail == "U kunt alleen het beleidskader van uw eigen gemeente(n) schrijven, niet dat van Leiderdorp."
    assert not Beleidskader.objects.exists()
    rows = list(AuditLog.objects.values_list("username", "action", "result", "detail"))
    assert rows == [("gerda", "beleidskader_opslaan", "geweigerd", {"status": 403, "gemeente": "0547"})]


@pytest.mark.parametrize("role_fixture", ["professional", "teamleider"])
def test_case_roles_write_no_beleidskader(request, role_fixture, leiden):
    user = request.getfixturevalue(role_fixture)
    with pytest.raises(Forbidden) as refused:
        beleidskader_opslaan(user=user, gemeente=leiden, onderwerp="verordening", tekst="Tekst.")
    assert refused.value.detail == "Het beleidskader wordt geschreven door de gemeente zelf en door functioneel beheer."
    assert AuditLog.objects.get().detail == {"status": 403, "recht": "beleidskader"}


def test_the_beheerder_writes_every_gemeentes_text(beheerder, leiden, leiderdorp):
    for gemeente in (leiden, leiderdorp):
        beleidskader_opslaan(user=beheerder, gemeente=gemeente, onderwerp="gecontracteerd", tekst=f"Stichting, {gemeente.naam}.")
    assert teksten() == {("0546", "gecontracteerd"): ("Stichting, Leiden.", "bert"), ("0547", "gecontracteerd"): ("Stichting, Leiderdorp.", "bert")}


def test_a_text_over_2000_characters_is_refused_in_dutch(gemeente_user, leiden):
    with pytest.raises(InvalidInput) as refused:
        beleidskader_opslaan(user=gemeente_user, gemeente=leiden, onderwerp="verordening", tekst="x" * 2001)
    assert refused.value.errors == [("tekst", "te_lang", TE_LANG)]
    beleidskader_opslaan(user=gemeente_user, gemeente=leiden, onderwerp="verordening", tekst="x" * 2000)
    assert len(Beleidskader.objects.get().tekst) == 2000


def test_an_unknown_subject_is_refused(gemeente_user, leiden):
    with pytest.raises(InvalidInput) as refused:
        beleidskader_opslaan(user=gemeente_user, gemeente=leiden, onderwerp="begroting", tekst="Tekst.")
    assert refused.value.errors == [("onderwerp", "onbekend_onderwerp",
                                     "Onbekend onderwerp 'begroting'. Kies uit: verordening, gecontracteerd, afspraken, wijzigingen.")]


# --- the portal page ------------------------------------------------------------------------------------------------


def test_the_page_shows_the_four_subjects_and_their_texts(client, gemeente_user, leiden):
    beleidskader_opslaan(user=gemeente_user, gemeente=leiden, onderwerp="afspraken", tekst="Binnen tien werkdagen een gesprek.")
    client.force_login(gemeente_user)
    page = client.get("/gemeente/beleidskader").content.decode()
    assert "<h1 class=\"utrecht-heading-1\">Beleidskader Leiden</h1>" in page
    assert "Binnen tien werkdagen een gesprek." in page
    assert page.count("Nog niet ingevuld.") == 3
    assert 'href="/gemeente/beleidskader/0546/verordening"' in page
    assert '>Beleidskader</a>' in page  # the menu item


def test_a_gemeente_saves_its_own_text_on_the_page(client, gemeente_user, leiden):
    client.force_login(gemeente_user)
    response = client.post("/gemeente/beleidskader/0546/verordening", {"tekst": "Vrij toegankelijk."})
    assert response.status_code == 302 and response["Location"] == "/gemeente/beleidskader?gemeente=0546"
    assert teksten() == {("0546", "verordening"): ("Vrij toegankelijk.", "gerda")}


def test_a_too_long_text_on_the_page_shows_the_reason(client, gemeente_user, leiden):
    client.force_login(gemeente_user)
    response = client.post("/gemeente/beleidskader/0546/verordening", {"tekst": "x" * 2001})
    assert response.status_code == 400 and TE_LANG in response.content.decode()
    assert not Beleidskader.objects.exists()


def test_another_gemeentes_page_is_403_and_audited_once(client, gemeente_user, leiden, leiderdorp):
    client.force_login(gemeente_user)
    for pad in ("/gemeente/beleidskader/0547/verordening", "/gemeente/beleidskader?gemeente=0547"):
        response = client.get(pad)
        assert response.status_code == 403, pad
        assert "U kunt alleen het beleidskader van uw eigen gemeente(n) lezen en schrijven." in response.content.decode()
    assert AuditLog.objects.filter(username="gerda", result="geweigerd").count() == 2


def test_saving_another_gemeentes_text_is_403_and_audited_once(client, gemeente_user, leiden, leiderdorp):
    client.force_login(gemeente_user)
    response = client.post("/gemeente/beleidskader/0547/verordening", {"tekst": "Niet van mij."})
    assert response.status_code == 403
    assert not Beleidskader.objects.exists()
    rows = list(AuditLog.objects.filter(result="geweigerd").values_list("username", "action"))
    assert rows == [("gerda", "beleidskader_opslaan")]


def test_an_unknown_gemeente_or_subject_is_404(client, gemeente_user, leiden):
    client.force_login(gemeente_user)
    assert client.get("/gemeente/beleidskader/9999/verordening").status_code == 404
    assert client.get("/gemeente/beleidskader/0546/begroting").status_code == 404
    assert client.post("/gemeente/beleidskader/9999/verordening", {"tekst": "x"}).status_code == 404


def test_the_beheerder_chooses_any_gemeente_on_the_page(client, beheerder, leiden, leiderdorp):
    client.force_login(beheerder)
    page = client.get("/gemeente/beleidskader?gemeente=0547").content.decode()
    assert "Beleidskader Leiderdorp" in page and '<option value="0546">Leiden (0546)</option>' in page
    assert client.post("/gemeente/beleidskader/0547/afspraken", {"tekst": "Afspraak."}).status_code == 302
    assert teksten() == {("0547", "afspraken"): ("Afspraak.", "bert")}


@pytest.mark.parametrize("role_fixture", ["professional", "teamleider"])
def test_case_roles_do_not_get_the_page(client, request, role_fixture, leiden):
    user = request.getfixturevalue(role_fixture)
    client.force_login(user)
    assert client.get("/gemeente/beleidskader").status_code == 403
    assert client.post("/gemeente/beleidskader/0546/verordening", {"tekst": "Tekst."}).status_code == 403
    assert not Beleidskader.objects.exists()
    assert AuditLog.objects.filter(user_id=user.pk, result="geweigerd").count() == 2


# --- beheer (Django's admin) ----------------------------------------------------------------------------------------


def test_the_beheerder_adds_and_changes_a_text_in_beheer_through_the_service(client, beheerder, leiderdorp):
    client.force_login(beheerder)
    response = client.post("/beheer/reporting/beleidskader/add/", {"gemeente": "0547", "onderwerp": "verordening", "tekst": "Eerste."})
    assert response.status_code == 302
    kader = Beleidskader.objects.get()
    response = client.post(f"/beheer/reporting/beleidskader/{kader.pk}/change/", {"tekst": "Tweede."})
    assert response.status_code == 302
    assert teksten() == {("0547", "verordening"): ("Tweede.", "bert")}
    details = list(AuditLog.objects.filter(action="beleidskader_opslaan").order_by("id").values_list("detail", flat=True))
    assert [(d["oud"], d["nieuw"]) for d in details] == [("", "Eerste."), ("Eerste.", "Tweede.")]
    assert not AuditLog.objects.filter(action__startswith="beheer_").exists()  # one row per change: the service's


def test_a_too_long_text_in_beheer_is_a_dutch_form_error(client, beheerder, leiderdorp):
    client.force_login(beheerder)
    response = client.post("/beheer/reporting/beleidskader/add/", {"gemeente": "0547", "onderwerp": "verordening", "tekst": "x" * 2001})
    assert response.status_code == 200 and TE_LANG in response.content.decode()
    assert not Beleidskader.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_beheer_saves_outside_a_test_transaction(client, beheerder, leiderdorp):
    """The admin wraps a save in a transaction of its own; the service is durable, so the beheer page leaves it out."""
    client.force_login(beheerder)
    response = client.post("/beheer/reporting/beleidskader/add/", {"gemeente": "0547", "onderwerp": "afspraken", "tekst": "Afspraak."})
    assert response.status_code == 302
    assert teksten() == {("0547", "afspraken"): ("Afspraak.", "bert")}
