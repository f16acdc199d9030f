"""The gemeente dashboard (issue 11): a choice of period, units on every figure, labelled breakdowns, and "geen gegevens"
for a period before the gemeente's first registration."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from cases import services as case_services
from jgt_registratie.models import AuditLog
from reporting.dashboard import eerste_registratie, met_eenheid, periode_keuzes
from reporting.indicators import Soort
from reporting.periods import Periode, last_closed_quarter

pytestmark = pytest.mark.django_db

DASHBOARD = "/gemeente/"


def contact(user, team, gemeente, datum, n=1, *, hulpsoort="preventief"):
    for _ in range(n):
        case_services.contact_register(user=user, team=team, datum=datum, duur_minuten=15, vorm="telefonisch", hulpsoort=hulpsoort,
                                       probleemcategorieen=["opvoeding"], gemeente=gemeente, leeftijdsklasse="4-11")


# --- units ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("code", "soort", "kengetal", "waarde", "weergave", "tekst"), [
    ("I09", Soort.SOM, None, 76585, "76585", "76.585 minuten"),
    ("I10", Soort.BEDRAG, "kosten_per_jeugdige", 1234, "1234", "€ 1.234,00"),
    ("I14", Soort.PERCENTAGE, None, 48.0, "48,0", "48,0%"),
    ("I01", Soort.AANTAL, None, 1590, "1590", "1.590 jeugdigen"),
    ("I05", Soort.AANTAL, None, 25, "25", "25 contacten"),
    ("I09", Soort.GEMIDDELDE, "gemiddeld_per_jeugdige_met_hulp", 312.5, "312,5", "312,5 minuten"),
    ("I11", Soort.GEMIDDELDE, "gemiddelde_tevredenheid", 4.2, "4,2", "4,2 (schaal 1-5)"),
    ("I13", Soort.MEDIAAN, None, 12.0, "12,0", "12,0 dagen"),
    ("I15", Soort.MEDIAAN, None, Decimal("41.5"), "41,5", "41,5 seconden"),
    ("I01", Soort.AANTAL, None, None, ".", "."),
    ("I10", Soort.BEDRAG, None, None, "geen budget vastgelegd", "geen budget vastgelegd"),
])
def test_every_figure_carries_its_unit_in_dutch_notation(code, soort, kengetal, waarde, weergave, tekst):
    assert met_eenheid(code, soort, kengetal, waarde, weergave) == tekst


def test_the_dashboard_shows_units_and_labels_each_breakdown_by_its_dimension(client, gemeente_user, professional, team, leiden):
    kwartaal = last_closed_quarter()
    contact(professional, team, leiden, kwartaal.start, 12)
    client.force_login(gemeente_user)
    page = client.get(DASHBOARD).content.decode()
    assert '<td class="utrecht-table__cell utrecht-table__cell--numeric app-nowrap">10 contacten</td>' in page
    assert '<td class="utrecht-table__cell utrecht-table__cell--numeric app-nowrap">180 minuten</td>' in page  # 12 x 15 = 180
    assert '<span class="app-dimensie">per hulpsoort:</span> <span class="app-cel">Preventief: 10 contacten</span>' in page
    assert '<span class="app-dimensie">per dossier:</span> <span class="app-cel">zonder dossier: 10 contacten</span>' in page


# --- the period ----------------------------------------------------------------------------------------------------


def test_the_default_period_is_the_last_closed_quarter(client, gemeente_user, professional, team, leiden):
    contact(professional, team, leiden, last_closed_quarter().start)
    client.force_login(gemeente_user)
    response = client.get(DASHBOARD)
    assert (response.context["periode"], response.context["periode_is_standaard"]) == (last_closed_quarter(), True)
    assert f'<option value="{last_closed_quarter().code}" selected>' in response.content.decode()


def test_a_chosen_year_half_year_or_quarter_is_shown(client, gemeente_user, professional, team, leiden):
    contact(professional, team, leiden, date(2020, 2, 3), 12)
    contact(professional, team, leiden, date(2020, 8, 3), 20)
    client.force_login(gemeente_user)
    expected = {"2020": "30", "2020-H1": "10", "2020-H2": "20", "2020-Q3": "20", "2020-Q4": "0"}
    shown = {}
    for code in expected:
        response = client.get(f"{DASHBOARD}?periode={code}")
        assert f"<strong>{code}</strong>" in response.content.decode()
        shown[code] = next(i["weergave"] for i in response.context["kerncijfers"] if i["code"] == "I05")
    assert shown == expected


def test_a_year_is_compared_with_earlier_years_and_the_trend_ends_in_its_last_quarter(client, gemeente_user, professional, team, leiden):
    contact(professional, team, leiden, date(2019, 2, 3), 12)
    client.force_login(gemeente_user)
    response = client.get(f"{DASHBOARD}?periode=2020&indicator=I05")
    assert [p["periode"] for p in response.context["jaren"]] == ["2016", "2017", "2018", "2019", "2020"]
    assert [p["weergave"] for p in response.context["jaren"]] == ["geen gegevens", "geen gegevens", "geen gegevens", "10", "0"]
    assert response.context["trend"][-1]["periode"] == "2020-Q4"
    assert "Contacten in dezelfde periode per jaar (tabel)" in response.content.decode()


def test_an_unknown_or_future_period_falls_back_to_the_default_and_says_so(client, gemeente_user, leiden):
    client.force_login(gemeente_user)
    for value, reden in (("2020-Q7", "Onbekende periode"), (f"{date.today().year + 1}", "Deze periode ligt in de toekomst.")):
        response = client.get(f"{DASHBOARD}?periode={value}")
        assert (response.status_code, response.context["periode"]) == (200, last_closed_quarter())
        assert f"{reden}" in response.context["periode_fout"] and f"Getoond wordt {last_closed_quarter().code}." in response.context["periode_fout"]
        assert 'role="alert"' in response.content.decode()


def test_the_period_choices_run_from_the_first_registration_to_the_last_closed_quarter():
    keuzes = dict(periode_keuzes(date(2025, 5, 1), vandaag=date(2026, 11, 29)))
    assert [p.code for p in keuzes["Kwartaal"]] == ["2026-Q3", "2026-Q2", "2026-Q1", "2025-Q4", "2025-Q3", "2025-Q2", "2025-Q1"]
    assert [p.code for p in keuzes["Halfjaar"]] == ["2026-H1", "2025-H2", "2025-H1"]
    assert [p.code for p in keuzes["Jaar"]] == ["2025"]
    # nothing registered yet: the year of the last closed quarter
    assert [p.code for p in dict(periode_keuzes(None, vandaag=date(2026, 11, 29)))["Kwartaal"]] == ["2026-Q3", "2026-Q2", "2026-Q1"]


def test_a_period_outside_the_choices_is_offered_first_so_it_shows_as_chosen(client, gemeente_user, professional, team, leiden):
    contact(professional, team, leiden, date(2020, 4, 1))
    keuzes = periode_keuzes(date(2020, 4, 1), vandaag=date(2026, 11, 29), gekozen=Periode.kwartaal(2019, 2))
    assert (keuzes[0][0], [p.code for p in keuzes[0][1]]) == ("Gekozen", ["2019-Q2"])
    assert [soort for soort, _ in periode_keuzes(date(2020, 4, 1), vandaag=date(2026, 11, 29), gekozen=Periode.jaar(2021))] == [
        "Kwartaal", "Halfjaar", "Jaar"]
    client.force_login(gemeente_user)
    page = client.get(f"{DASHBOARD}?periode=2019-Q2").content.decode()
    assert '<optgroup label="Gekozen">' in page and '<option value="2019-Q2" selected>' in page


# --- geen gegevens ---------------------------------------------------------------------------------------------------


def test_a_period_before_the_first_registration_shows_geen_gegevens_not_zero(client, gemeente_user, professional, team, leiden):
    contact(professional, team, leiden, date(2020, 4, 1), 12)
    client.force_login(gemeente_user)
    before = client.get(f"{DASHBOARD}?periode=2020-Q1")
    assert {i["tekst"] for i in before.context["kerncijfers"]} == {"geen gegevens"}
    assert "Geen gegevens: voor Leiden is tot en met 31-03-2020 nog niets geregistreerd." in before.content.decode()
    after = client.get(f"{DASHBOARD}?periode=2020-Q3")  # after the first registration a quarter without contacts is 0
    assert next(i["weergave"] for i in after.context["kerncijfers"] if i["code"] == "I05") == "0"
    assert after.context["geen_gegevens"] is False


def test_a_gemeente_without_any_registration_has_no_data_in_any_period(client, gemeente_user, leiden):
    client.force_login(gemeente_user)
    response = client.get(DASHBOARD)
    assert {i["weergave"] for i in response.context["kerncijfers"]} == {"geen gegevens"}
    assert {p["weergave"] for p in response.context["trend"] + response.context["jaren"]} == {"geen gegevens"}
    assert "<rect" not in response.content.decode()  # no bar, not even an empty one


def test_the_first_registration_counts_from_its_own_date(professional, team, leiden, leiderdorp):
    """A contact without dossier of the gemeente, or a dossier of a jeugdige living there on its aanmelddatum."""
    assert eerste_registratie(leiden) is None
    contact(professional, team, leiderdorp, date(2019, 1, 1))  # another gemeente's
    jeugdige = case_services.jeugdige_register(user=professional, team=team, geboortedatum=date(2014, 3, 1), geslacht="V", gemeente=leiden,
                                               postcode="2311AB")
    case_services.dossier_open(user=professional, team=team, jeugdigen=[jeugdige], aanmelddatum=date(2021, 6, 30), aanmelder="zelf",
                               hulpsoort="licht", probleemcategorieen=["opvoeding"])
    assert eerste_registratie(leiden) == date(2021, 6, 30)
    contact(professional, team, leiden, date(2020, 9, 30))
    assert (eerste_registratie(leiden), eerste_registratie(leiderdorp)) == (date(2020, 9, 30), date(2019, 1, 1))


def test_a_period_ending_on_the_first_registration_has_data(client, gemeente_user, professional, team, leiden):
    contact(professional, team, leiden, date(2020, 9, 30), 12)
    client.force_login(gemeente_user)
    response = client.get(f"{DASHBOARD}?periode=2020-Q3")
    assert (response.context["geen_gegevens"], response.context["kerncijfers"][3]["weergave"]) == (False, "10")


def test_choosing_a_period_audits_nothing_new(client, gemeente_user, professional, team, leiden):
    contact(professional, team, leiden, last_closed_quarter().start)
    client.force_login(gemeente_user)
    before = AuditLog.objects.count()
    assert client.get(f"{DASHBOARD}?periode={Periode.jaar(2020).code}").status_code == 200
    assert AuditLog.objects.count() == before


def test_the_first_registration_is_the_day_of_the_earliest_contact(professional, team, leiden):
    contact(professional, team, leiden, last_closed_quarter().einde - timedelta(days=1))
    assert eerste_registratie(leiden) == last_closed_quarter().einde - timedelta(days=1)
