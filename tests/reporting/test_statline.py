"""Loading CBS StatLine figures from a CSV (issue 12): the service, the beheer page and `manage.py statline_laden` share
`reporting.services.statline_laden`; every bad line gets its Dutch sentence, and a file with one is not loaded at all."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from jgt_registratie.errors import Forbidden, InvalidInput
from jgt_registratie.models import AuditLog
from reporting.models import StatlineCijfer
from reporting.services import statline_laden

pytestmark = pytest.mark.django_db

KOP = "jaar,gemeentecode,jeugdigen_wijkteam,trajecten_zonder_verwijzer,trajecten_totaal"
DIT_JAAR = timezone.localdate().year
VOORBEELD = Path(__file__).resolve().parents[2] / "docs" / "voorbeelden" / "statline.csv"


@pytest.fixture
def gemeenten(leiden, leiderdorp):
    return leiden, leiderdorp


def csv(*regels: str, kop: str = KOP) -> bytes:
    return "\n".join([kop, *regels]).encode()


def rijen() -> dict:
    return {(c.gemeente_id, c.jaar): (c.jeugdigen_wijkteam, c.trajecten_zonder_verwijzer, c.trajecten_totaal)
            for c in StatlineCijfer.objects.all()}


def fouten(inhoud: bytes, user) -> list[str]:
    with pytest.raises(InvalidInput) as refused:
        statline_laden(user=user, inhoud=inhoud)
    return [reden for _, _, reden in refused.value.errors]


# --- a good file ---------------------------------------------------------------------------------------------------


def test_a_good_file_adds_every_line(beheerder, gemeenten):
    resultaat = statline_laden(user=beheerder, inhoud=csv("2020,0546,1590,1500,4500", "2020,0547,350,335,1090", "2021,0547,.,,1120"))
    assert (resultaat.toegevoegd, resultaat.gewijzigd, resultaat.ongewijzigd) == (3, 0, 0)
    assert rijen() == {("0546", 2020): (1590, 1500, 4500), ("0547", 2020): (350, 335, 1090), ("0547", 2021): (None, None, 1120)}


def test_a_second_file_updates_changes_and_counts_what_stayed(beheerder, gemeenten):
    statline_laden(user=beheerder, inhoud=csv("2020,0546,1590,1500,4500", "2020,0547,350,335,1090"))
    resultaat = statline_laden(user=beheerder, inhoud=csv("2020,0546,1595,1500,4500", "2020,0547,350,335,1090", "2019,0546,1500,1400,4300"))
    assert (resultaat.toegevoegd, resultaat.gewijzigd, resultaat.ongewijzigd) == (1, 1, 1)
    assert resultaat.zin() == "StatLine-cijfers geladen: 1 rij toegevoegd, 1 gewijzigd, 1 ongewijzigd."
    assert rijen()[("0546", 2020)] == (1595, 1500, 4500)


def test_the_load_is_audited_with_old_and_new_figures(beheerder, gemeenten):
    statline_laden(user=beheerder, inhoud=csv("2020,0546,1590,1500,4500"))
    statline_laden(user=beheerder, inhoud=csv("2020,0546,1595,1500,4500", "2020,0547,350,335,1090"), bestandsnaam="statline-2020.csv")
    audit = AuditLog.objects.filter(action="statline_laden").order_by("-id").first()
    assert (audit.user_id, audit.object_type, audit.result) == (beheerder.pk, "statlinecijfer", "ok")
    assert audit.detail == {
        "bestand": "statline-2020.csv", "regels": 2, "toegevoegd": ["0547/2020"], "ongewijzigd": 0,
        "gewijzigd": [{"gemeente": "0546", "jaar": 2020,
                       "oud": {"jeugdigen_wijkteam": 1590, "trajecten_zonder_verwijzer": 1500, "trajecten_totaal": 4500},
                       "nieuw": {"jeugdigen_wijkteam": 1595, "trajecten_zonder_verwijzer": 1500, "trajecten_totaal": 4500}}],
    }


def test_dutch_excel_semicolons_and_byte_order_mark(beheerder, gemeenten):
    inhoud = "\ufeff" + "jaar;gemeentecode;jeugdigen_wijkteam;trajecten_zonder_verwijzer;trajecten_totaal\r\n2020;546;1590;1500;4500\r\n;;;;\r\n"
    statline_laden(user=beheerder, inhoud=inhoud.encode())
    assert rijen() == {("0546", 2020): (1590, 1500, 4500)}


def test_statline_gemeentecodes_and_spaces_are_read(beheerder, gemeenten):
    statline_laden(user=beheerder, inhoud=csv(" 2020 , GM0547 , 350 , . , 1090 "))
    assert rijen() == {("0547", 2020): (350, None, 1090)}


def test_the_sample_file_in_docs_loads(beheerder, gemeenten):
    from tests.factories import GemeenteFactory

    GemeenteFactory(code="0579", naam="Oegstgeest")
    GemeenteFactory(code="0638", naam="Zoeterwoude")
    resultaat = statline_laden(user=beheerder, inhoud=VOORBEELD.read_bytes())
    assert resultaat.toegevoegd == 8 and resultaat.gewijzigd == 0
    assert rijen()[("0546", 2020)] == (1590, 1500, 4500)


# --- bad lines: each its Dutch sentence, all at once, nothing loaded -----------------------------------------------


def test_a_wrong_header_is_the_only_error(beheerder, gemeenten):
    assert fouten(csv("2020,0546,1590,1500,4500", kop="jaar,gemeente,jeugdigen,zonder,totaal"), beheerder) == [
        "Regel 1: de kopregel moet precies 'jaar,gemeentecode,jeugdigen_wijkteam,trajecten_zonder_verwijzer,trajecten_totaal' zijn "
        "(of met ';' gescheiden); gevonden is 'jaar,gemeente,jeugdigen,zonder,totaal'."]


def test_an_unknown_gemeentecode(beheerder, gemeenten):
    assert fouten(csv("2020,0999,1,2,3"), beheerder) == ["Regel 2: onbekende gemeentecode '0999'."]


@pytest.mark.parametrize(("jaar", "zin"), [
    ("2014", f"Regel 2: jaar 2014 ligt buiten 2015 tot en met {DIT_JAAR}."),
    (str(DIT_JAAR + 1), f"Regel 2: jaar {DIT_JAAR + 1} ligt buiten 2015 tot en met {DIT_JAAR}."),
    ("twintig", "Regel 2: jaar 'twintig' is geen jaartal."),
    ("", "Regel 2: het jaar ontbreekt."),
])
def test_a_year_outside_the_range(beheerder, gemeenten, jaar, zin):
    assert fouten(csv(f"{jaar},0546,1,2,3"), beheerder) == [zin]


@pytest.mark.parametrize("waarde", ["-5", "1.590", "12,5", "veel", "3 000", "\u0661\u0665"])
def test_a_figure_that_is_not_a_whole_non_negative_number(beheerder, gemeenten, waarde):
    regel = f'2020,0546,"{waarde}",2,3'
    assert fouten(csv(regel), beheerder) == [
        f"Regel 2: jeugdigen_wijkteam '{waarde}' is geen heel getal van 0 of meer (schrijf het zonder punt, komma of spatie; "
        "leeg of '.' betekent: niet gepubliceerd)."]


def test_a_duplicate_gemeente_and_year_names_both_lines(beheerder, gemeenten):
    assert fouten(csv("2020,0546,1,2,3", "2021,0546,1,2,3", "2020,546,4,5,6"), beheerder) == [
        "Regel 4: gemeente 0546 met jaar 2020 staat ook al op regel 2; elke gemeente en elk jaar mag één keer voorkomen."]


def test_a_line_with_too_few_columns(beheerder, gemeenten):
    assert fouten(csv("2020,0546,1590"), beheerder) == [
        "Regel 2: 3 kolommen gevonden, er horen er 5 te zijn "
        "(jaar, gemeentecode, jeugdigen_wijkteam, trajecten_zonder_verwijzer, trajecten_totaal), gescheiden door ','."]


def test_an_empty_file_and_a_header_only(beheerder, gemeenten):
    assert fouten(b"", beheerder) == [f"Het bestand is leeg. De eerste regel moet de kopregel zijn: {KOP}"]
    assert fouten(csv(), beheerder) == ["Het bestand heeft alleen een kopregel en geen cijfers."]


def test_a_file_that_is_not_utf8(beheerder, gemeenten):
    assert fouten(KOP.encode() + b"\n2020,0546,1590,\xe9,4500", beheerder) == [
        "Het bestand is geen tekst in UTF-8. Sla het in Excel op als 'CSV UTF-8 (door komma's gescheiden)' "
        "of als 'CSV (gescheiden door lijstscheidingsteken)'."]


def test_every_bad_line_is_reported_and_nothing_is_loaded(beheerder, gemeenten):
    statline_laden(user=beheerder, inhoud=csv("2020,0546,1590,1500,4500"))
    bad = csv("2020,0546,1,1,1", "2021,0547,350,335,1090", "2022,0999,1,2,3", "1990,0547,-1,2,3")
    assert fouten(bad, beheerder) == [
        "Regel 4: onbekende gemeentecode '0999'.",
        f"Regel 5: jaar 1990 ligt buiten 2015 tot en met {DIT_JAAR}.",
        "Regel 5: jeugdigen_wijkteam '-1' is geen heel getal van 0 of meer (schrijf het zonder punt, komma of spatie; "
        "leeg of '.' betekent: niet gepubliceerd).",
    ]
    assert rijen() == {("0546", 2020): (1590, 1500, 4500)}  # the good lines of the bad file changed nothing
    refusal = AuditLog.objects.get(action="statline_laden", result="ongeldig")
    assert refusal.detail == {"status": 400, "velden": ["regel_4", "regel_5"]}


def test_only_the_beheerder_loads(gemeente_user, teamleider, gemeenten):
    for user in (gemeente_user, teamleider):
        with pytest.raises(Forbidden):
            statline_laden(user=user, inhoud=csv("2020,0546,1590,1500,4500"))
    assert not StatlineCijfer.objects.exists()
    assert AuditLog.objects.filter(action="statline_laden", result="geweigerd").count() == 2


# --- the command --------------------------------------------------------------------------------------------------


def test_the_command_loads_a_file_and_says_what_changed(tmp_path, gemeenten):
    bestand = tmp_path / "statline.csv"
    bestand.write_bytes(csv("2020,0546,1590,1500,4500"))
    out = StringIO()
    call_command("statline_laden", str(bestand), stdout=out)
    assert out.getvalue() == "StatLine-cijfers geladen: 1 rij toegevoegd, 0 gewijzigd, 0 ongewijzigd.\n"
    audit = AuditLog.objects.get(action="statline_laden")
    assert (audit.user_id, audit.detail["via"], audit.detail["bestand"]) == (None, "beheercommando", "statline.csv")


def test_the_command_lists_every_error_and_loads_nothing(tmp_path, gemeenten):
    bestand = tmp_path / "statline.csv"
    bestand.write_bytes(csv("2020,0999,1,2,3", "2020,0546,1590,1500,4500"))
    err = StringIO()
    with pytest.raises(CommandError, match=r"^Er is niets geladen: 1 fout in '.*statline.csv'\.$"):
        call_command("statline_laden", str(bestand), stderr=err)
    assert err.getvalue() == "Regel 2: onbekende gemeentecode '0999'.\n"
    assert not StatlineCijfer.objects.exists()


def test_the_command_says_when_the_file_cannot_be_read(tmp_path):
    with pytest.raises(CommandError, match="kan niet worden gelezen"):
        call_command("statline_laden", str(tmp_path / "bestaat-niet.csv"))


# --- the beheer page ----------------------------------------------------------------------------------------------

LADEN = "/beheer/reporting/statlinecijfer/laden/"


def test_the_beheer_page_loads_a_file(client, beheerder, gemeenten):
    client.force_login(beheerder)
    assert 'href="/beheer/reporting/statlinecijfer/laden/"' in client.get("/beheer/reporting/statlinecijfer/").content.decode()
    response = client.post(LADEN, {"bestand": SimpleUploadedFile("statline.csv", csv("2020,0546,1590,1500,4500"), "text/csv")}, follow=True)
    assert response.redirect_chain == [("/beheer/reporting/statlinecijfer/", 302)]
    assert "StatLine-cijfers geladen: 1 rij toegevoegd, 0 gewijzigd, 0 ongewijzigd." in response.content.decode()
    assert rijen() == {("0546", 2020): (1590, 1500, 4500)}


def test_the_beheer_page_shows_every_error(client, beheerder, gemeenten):
    client.force_login(beheerder)
    inhoud = csv("2020,0999,1,2,3", "2020,0546,1590,x,4500")
    response = client.post(LADEN, {"bestand": SimpleUploadedFile("statline.csv", inhoud, "text/csv")})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Er is niets geladen: 2 fouten in het bestand." in page
    assert "<li>Regel 2: onbekende gemeentecode &#x27;0999&#x27;.</li>" in page
    assert "Regel 3: trajecten_zonder_verwijzer &#x27;x&#x27; is geen heel getal" in page
    assert not StatlineCijfer.objects.exists()


def test_the_beheer_page_is_dutch_and_asks_for_a_file(client, beheerder):
    from tests.jgt_registratie.test_beheer_nederlands import engels_op

    client.force_login(beheerder)
    page = client.get(LADEN)
    assert page.status_code == 200 and engels_op(page.content.decode()) == []
    empty = client.post(LADEN, {})
    assert empty.status_code == 400 and "Kies een CSV-bestand." in empty.content.decode()
    assert engels_op(empty.content.decode()) == []


@pytest.mark.parametrize("role_fixture", ["gemeente_user", "teamleider", "professional"])
def test_others_do_not_reach_the_beheer_page(client, request, role_fixture, gemeenten):
    client.force_login(request.getfixturevalue(role_fixture))
    response = client.post(LADEN, {"bestand": SimpleUploadedFile("statline.csv", csv("2020,0546,1590,1500,4500"), "text/csv")})
    assert response.status_code == 302 and "/beheer/login/" in response["Location"]
    assert not StatlineCijfer.objects.exists()
