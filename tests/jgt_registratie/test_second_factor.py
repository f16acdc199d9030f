"""The second factor at the web login (`jgt_registratie.second_factor`): who needs it, enrolment by QR code, the code
page, recovery codes, the beheerder's reset, and the pages and API closed to a session with only the password."""

import re

import pytest
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from jgt_registratie import second_factor
from jgt_registratie.errors import Forbidden
from jgt_registratie.models import AuditLog
from tests.conftest import Client
from tests.factories import app_code, authenticator_app

pytestmark = pytest.mark.django_db


@pytest.fixture
def half(client):
    """`half(user)`: the client logged in with the password only."""

    def make(user):
        client.password_only_login(user)
        return client

    return make


def wrong_code(device) -> str:
    return "000000" if app_code(device) != "000000" else "111111"


def enrol(client, user) -> list[str]:
    """Enrol through the pages: the app's code of the key the page shows; returns the recovery codes shown."""
    client.get("/inloggen/tweede-factor/instellen")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    page = client.post("/inloggen/tweede-factor/instellen", {"code": app_code(device)}).content.decode()
    return re.findall(r"<li class=\"utrecht-unordered-list__item\"><code>([a-z2-7]{8})</code>", page)


# --- who needs a second factor -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["teamleider", "gemeente_user", "beheerder", "professional"])
def test_after_the_password_a_person_without_app_is_sent_to_enrolment(request, half, role):
    response = half(request.getfixturevalue(role)).get("/")
    assert response["Location"] == "/inloggen/tweede-factor/instellen?next=%2F"


def test_professionals_may_go_without_when_the_setting_is_off(half, professional, settings):
    settings.OTP_VERPLICHT_VOOR_PROFESSIONALS = False
    assert half(professional).get("/").status_code == 200


@pytest.mark.parametrize("role", ["teamleider", "gemeente_user", "beheerder"])
def test_the_setting_does_not_lift_it_for_other_roles(request, half, settings, role):
    settings.OTP_VERPLICHT_VOOR_PROFESSIONALS = False
    assert half(request.getfixturevalue(role)).get("/").status_code == 302


def test_a_professional_who_set_one_up_uses_it_even_when_not_required(half, professional, settings):
    settings.OTP_VERPLICHT_VOOR_PROFESSIONALS = False
    authenticator_app(professional)
    assert half(professional).get("/")["Location"] == "/inloggen/tweede-factor?next=%2F"


def test_a_person_with_an_app_is_sent_to_the_code_page_keeping_next(half, teamleider):
    authenticator_app(teamleider)
    assert half(teamleider).get("/team")["Location"] == "/inloggen/tweede-factor?next=%2Fteam"


def test_the_api_refuses_a_session_with_only_the_password(half, teamleider):
    response = half(teamleider).get("/api/v1/teams")
    assert (response.status_code, response["Content-Type"], "tweede factor" in response.json()["detail"]) == (403, "application/problem+json", True)


def test_an_api_token_needs_no_second_factor(api, teamleider):
    assert api(teamleider).get("/api/v1/dossiers").status_code == 200


def test_the_code_page_shows_no_menu(half, teamleider):
    authenticator_app(teamleider)
    page = half(teamleider).get("/inloggen/tweede-factor").content.decode()
    assert ('aria-label="Hoofdmenu"' in page, "data-sessie-seconden" in page, "Uitloggen" in page) == (False, False, True)


# --- the code page ------------------------------------------------------------------------------------------------


def test_the_right_code_opens_the_pages(half, teamleider):
    client = half(teamleider)
    response = client.post("/inloggen/tweede-factor?next=/team", {"code": app_code(authenticator_app(teamleider)), "next": "/team"})
    assert (response["Location"], client.get("/team").status_code) == ("/team", 200)


def test_passing_is_audited(half, teamleider):
    half(teamleider).post("/inloggen/tweede-factor", {"code": app_code(authenticator_app(teamleider))})
    assert AuditLog.objects.filter(action="tweede_factor", result="ok", user_id=teamleider.pk, detail__middel="app").count() == 1


def test_passing_gives_a_new_session_key(half, teamleider):
    client = half(teamleider)
    before = client.session.session_key
    client.post("/inloggen/tweede-factor", {"code": app_code(authenticator_app(teamleider))})
    assert client.session.session_key != before


def test_a_wrong_code_is_refused_next_to_the_field(half, teamleider):
    authenticator_app(teamleider)
    response = half(teamleider).post("/inloggen/tweede-factor", {"code": wrong_code(authenticator_app(teamleider))})
    page = response.content.decode()
    assert (response.status_code, 'id="id_code_error"' in page, "Deze code klopt niet" in page, 'aria-invalid="true"' in page) == (400, True, True, True)


def test_a_wrong_code_is_audited_as_refused(half, teamleider):
    authenticator_app(teamleider)
    half(teamleider).post("/inloggen/tweede-factor", {"code": "abcdefgh"})
    assert AuditLog.objects.filter(action="tweede_factor", result="geweigerd", user_id=teamleider.pk).count() == 1


def test_a_wrong_code_keeps_the_pages_closed(half, teamleider):
    authenticator_app(teamleider)
    client = half(teamleider)
    client.post("/inloggen/tweede-factor", {"code": "abcdefgh"})
    assert client.get("/team").status_code == 302


def test_a_code_works_once(client, teamleider):
    device = authenticator_app(teamleider)
    code = app_code(device)
    client.password_only_login(teamleider)
    client.post("/inloggen/tweede-factor", {"code": code})
    client.logout()
    client.password_only_login(teamleider)
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    assert client.post("/inloggen/tweede-factor", {"code": code}).status_code == 400


def test_repeated_wrong_codes_are_slowed_down_with_a_dutch_message(half, teamleider):
    device = authenticator_app(teamleider)
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=10, throttling_failure_timestamp=timezone.now())
    page = half(teamleider).post("/inloggen/tweede-factor", {"code": app_code(device)}).content.decode()
    assert "Te veel onjuiste codes achter elkaar. Wacht" in page


def test_the_throttling_count_survives_a_refused_code(half, teamleider):
    device = authenticator_app(teamleider)
    half(teamleider).post("/inloggen/tweede-factor", {"code": wrong_code(device)})
    device.refresh_from_db()
    assert device.throttling_failure_count == 1


def test_next_may_not_leave_the_site(half, teamleider):
    response = half(teamleider).post("/inloggen/tweede-factor", {"code": app_code(authenticator_app(teamleider)), "next": "https://elders.example/"})
    assert response["Location"] == "/"


# --- enrolment ----------------------------------------------------------------------------------------------------


def test_enrolment_shows_an_inline_svg_qr_code_and_the_key(half, teamleider):
    page = half(teamleider).get("/inloggen/tweede-factor/instellen").content.decode()
    device = TOTPDevice.objects.get(user=teamleider, confirmed=False)
    assert ('<svg class="app-qr" role="img" aria-label="QR-code' in page, "<img" in page, second_factor.secret_text(device) in page) == (True, False, True)


def test_enrolment_keeps_the_same_key_on_reload(half, teamleider):
    client = half(teamleider)
    client.get("/inloggen/tweede-factor/instellen")
    client.get("/inloggen/tweede-factor/instellen")
    assert TOTPDevice.objects.filter(user=teamleider).count() == 1


def test_enrolment_confirms_the_app_and_shows_ten_recovery_codes(half, teamleider, settings):
    codes = enrol(half(teamleider), teamleider)
    assert (len(codes), TOTPDevice.objects.filter(user=teamleider, confirmed=True).count()) == (settings.OTP_HERSTELCODES, 1)


def test_enrolment_passes_the_second_factor_for_this_session(half, teamleider):
    client = half(teamleider)
    enrol(client, teamleider)
    assert client.get("/team").status_code == 200


def test_enrolment_is_audited(half, teamleider):
    enrol(half(teamleider), teamleider)
    assert AuditLog.objects.filter(action="tweede_factor_instellen", result="ok", user_id=teamleider.pk, detail__herstelcodes=10).count() == 1


def test_enrolment_with_a_wrong_code_confirms_nothing(half, teamleider):
    client = half(teamleider)
    client.get("/inloggen/tweede-factor/instellen")
    response = client.post("/inloggen/tweede-factor/instellen", {"code": "12345"})
    assert (response.status_code, "Vul de 6 cijfers in" in response.content.decode(),
            TOTPDevice.objects.filter(user=teamleider, confirmed=True).exists()) == (400, True, False)


def test_enrolment_with_a_wrong_code_is_audited(half, teamleider):
    client = half(teamleider)
    client.get("/inloggen/tweede-factor/instellen")
    client.post("/inloggen/tweede-factor/instellen", {"code": "abc"})
    assert AuditLog.objects.filter(action="tweede_factor_instellen", result="ongeldig", user_id=teamleider.pk).count() == 1


def test_a_person_with_an_app_cannot_enrol_another_before_passing(half, teamleider):
    authenticator_app(teamleider)
    assert half(teamleider).get("/inloggen/tweede-factor/instellen")["Location"].startswith("/inloggen/tweede-factor?")


# --- recovery codes -----------------------------------------------------------------------------------------------


def test_a_recovery_code_passes_once(client, teamleider):
    client.password_only_login(teamleider)
    code = enrol(client, teamleider)[0]
    client.logout()
    client.password_only_login(teamleider)
    first = client.post("/inloggen/tweede-factor", {"code": code.upper()})
    client.logout()
    client.password_only_login(teamleider)
    second = client.post("/inloggen/tweede-factor", {"code": code})
    assert (first.status_code, second.status_code) == (302, 400)


def test_using_a_recovery_code_says_how_many_are_left(client, teamleider):
    client.password_only_login(teamleider)
    code = enrol(client, teamleider)[0]
    client.logout()
    client.password_only_login(teamleider)
    page = client.post("/inloggen/tweede-factor", {"code": code}, follow=True).content.decode()
    assert "U hebt een herstelcode gebruikt" in page and "nog 9 over" in page


def test_new_recovery_codes_replace_the_old(client, teamleider):
    client.password_only_login(teamleider)
    old = enrol(client, teamleider)
    page = client.post("/account/tweede-factor").content.decode()
    new = re.findall(r"<code>([a-z2-7]{8})</code>", page)
    assert (len(new), set(StaticToken.objects.filter(device__user=teamleider).values_list("token", flat=True)) & set(old)) == (10, set())


def test_new_recovery_codes_are_audited(client, teamleider):
    client.force_login(teamleider)
    client.post("/account/tweede-factor")
    assert AuditLog.objects.filter(action="herstelcodes_maken", result="ok", user_id=teamleider.pk).count() == 1


def test_the_account_page_tells_the_recovery_codes_left(client, teamleider):
    client.force_login(teamleider)
    client.post("/account/tweede-factor")
    assert "nog <strong>10</strong> ongebruikte herstelcodes" in client.get("/account/tweede-factor").content.decode()


# --- the beheerder's reset ----------------------------------------------------------------------------------------


def reset_in_beheer(client, beheerder, target):
    client.force_login(beheerder)
    return client.post("/beheer/jgt_registratie/user/", {"action": "tweede_factor_terugzetten", "_selected_action": [target.pk]})


def test_beheerder_reset_removes_the_app_and_the_recovery_codes(client, beheerder, teamleider):
    authenticator_app(teamleider)
    second_factor.new_recovery_codes(user=teamleider)
    reset_in_beheer(client, beheerder, teamleider)
    assert (TOTPDevice.objects.filter(user=teamleider).exists(), StaticToken.objects.filter(device__user=teamleider).exists()) == (False, False)


def test_beheerder_reset_is_audited(client, beheerder, teamleider):
    authenticator_app(teamleider)
    reset_in_beheer(client, beheerder, teamleider)
    assert AuditLog.objects.filter(action="tweede_factor_resetten", result="ok", user_id=beheerder.pk, object_id=str(teamleider.pk),
                                   detail__apps=1).count() == 1


def test_after_a_reset_the_next_login_goes_to_enrolment(client, half, beheerder, teamleider):
    authenticator_app(teamleider)
    reset_in_beheer(client, beheerder, teamleider)
    client.logout()
    assert half(teamleider).get("/")["Location"].startswith("/inloggen/tweede-factor/instellen")


def test_a_reset_ends_the_verified_state_of_a_running_session(client, beheerder, teamleider):
    running = Client()
    running.force_login(teamleider)
    reset_in_beheer(client, beheerder, teamleider)
    assert running.get("/team").status_code == 302


def test_only_functioneel_beheer_may_reset(teamleider, professional):
    authenticator_app(professional)
    with pytest.raises(Forbidden):
        second_factor.reset_second_factor(user=teamleider, target=professional)


def test_a_refused_reset_is_audited(teamleider, professional):
    with pytest.raises(Forbidden):
        second_factor.reset_second_factor(user=teamleider, target=professional)
    assert AuditLog.objects.filter(action="tweede_factor_resetten", result="geweigerd", user_id=teamleider.pk).count() == 1


def test_beheer_shows_whether_a_person_has_a_second_factor(client, beheerder, teamleider):
    client.force_login(beheerder)
    page = client.get(f"/beheer/jgt_registratie/user/{teamleider.pk}/change/").content.decode()
    assert "niet ingesteld (verplicht: wordt bij het inloggen gevraagd)" in page
