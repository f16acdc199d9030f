"""Shared fixtures: a small organisation and one named user per role (healthchecks' alice/bob/charlie).

- `professional` (alice) and `teamleider` (tessa) work in JGT Leiden Noord;
- `other_professional` (bob) works in JGT Leiderdorp/Zoeterwoude: he must never see Noord's cases;
- `gemeente_user` (gerda) is a policy officer of Leiden; `beheerder` (bert) manages the organisation.

Every test hashes passwords with MD5 (`_fast_password_hasher`): argon2 is deliberately slow, and the users above
are made for nearly every test. A test about how passwords are stored asks for `production_password_hashers`.
"""

import importlib
import os

import pytest
from django.test import Client as DjangoClient
from django.test.utils import override_settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from jgt_registratie.models import Role
from tests.factories import GemeenteFactory, TeamFactory, UserFactory, authenticator_app


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """One test database per pytest process: concurrent runs on the shared embedded server never collide."""
    from django.conf import settings

    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = f"test_jgt_{os.getpid()}"


FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hasher():
    """MD5 for the whole run: for every test, transactional ones and the live server's thread (the override
    replaces the settings process-wide). Yields the project's own hashers for `production_password_hashers`."""
    from django.conf import settings

    production = list(settings.PASSWORD_HASHERS)
    with override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS):
        yield production


@pytest.fixture(scope="session", autouse=True)
def _static_files_from_the_finders(tmp_path_factory):
    """Static URLs without `collectstatic`: production's manifest storage needs the collected files and their
    manifest (bin/serve makes them). Here whitenoise serves the files from the finders under their own names, also
    to the browser tests' live server. The tests of hashed names collect into a temporary STATIC_ROOT themselves
    (tests/jgt_registratie/test_serving.py)."""
    from django.conf import settings

    production = dict(settings.STORAGES)
    plain = {**production, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    # an empty STATIC_ROOT: whitenoise finds nothing collected there (and does not warn that it is missing)
    with override_settings(STORAGES=plain, STATIC_ROOT=tmp_path_factory.mktemp("static-leeg"), WHITENOISE_USE_FINDERS=True):
        yield production


@pytest.fixture
def production_password_hashers(settings, _fast_password_hasher):
    """The project's hashers (argon2 first) for one test; request it before the users it makes."""
    settings.PASSWORD_HASHERS = _fast_password_hasher


# --- login and sessions -------------------------------------------------------------------------------------------


def pass_second_factor(client, user):
    """Let `client`'s session pass the second factor as the code page does after a right code: a confirmed app for the
    user (made when missing) named in the session (django-otp's mark)."""
    from django_otp import DEVICE_ID_SESSION_KEY

    device = authenticator_app(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


class Client(DjangoClient):
    """The test client whose `force_login` is a whole login: password and second factor (see
    `jgt_registratie.second_factor`). `password_only_login` stops after the password, as a person at the code page."""

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        pass_second_factor(self, user)

    def password_only_login(self, user):
        super().force_login(user)


@pytest.fixture
def client():
    return Client()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Throttling counts (DRF) live in the cache: every test starts without a count of an earlier one."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="session", autouse=True)
def _memory_broker():
    """A report request publishes its task before it commits (`reporting.services.publish`): in the tests that is
    kombu's in-memory transport, never the file broker under var/. A test with a real Redis and worker switches to it
    (`tests.processes.publishing_to`)."""
    from tests.processes import publishing_to

    with publishing_to("memory://", {}):
        yield


@pytest.fixture
def migrated_data(transactional_db):
    """What the data migrations put in (the probleemcategorieën), put back for a transactional test: the flush
    after each such test empties every table. (`serialized_rollback` is no help: after another transactional
    test's flush, post_migrate has already recreated the content types it would load again.)"""
    from django.apps import apps

    importlib.import_module("cases.migrations.0003_probleemcategorieen").add(apps, None)


@pytest.fixture
def leiden(db):
    return GemeenteFactory(code="0546", naam="Leiden")


@pytest.fixture
def leiderdorp(db):
    return GemeenteFactory(code="0547", naam="Leiderdorp")


@pytest.fixture
def team(leiden):
    return TeamFactory(naam="JGT Leiden Noord", gemeenten=[leiden])


@pytest.fixture
def other_team(leiderdorp):
    return TeamFactory(naam="JGT Leiderdorp/Zoeterwoude", gemeenten=[leiderdorp])


@pytest.fixture
def professional(team):
    return UserFactory(username="alice", role=Role.PROFESSIONAL, teams=[team])


@pytest.fixture
def teamleider(team):
    return UserFactory(username="tessa", role=Role.TEAMLEIDER, teams=[team])


@pytest.fixture
def other_professional(other_team):
    return UserFactory(username="bob", role=Role.PROFESSIONAL, teams=[other_team])


@pytest.fixture
def gemeente_user(leiden):
    return UserFactory(username="gerda", role=Role.GEMEENTE, gemeenten=[leiden])


@pytest.fixture
def beheerder(db):
    return UserFactory(username="bert", role=Role.BEHEERDER, is_staff=True)


@pytest.fixture
def api():
    """`api(user)` -> an APIClient authenticated with the user's token (None: anonymous)."""

    def make(user=None):
        client = APIClient()
        if user is not None:
            token, _ = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make


# --- the real broker and worker (Debian's redis-server, `celery -A config worker`) -----------------------------------


@pytest.fixture
def redis_server(tmp_path):
    """A redis-server of this test on a free port of 127.0.0.1, stopped in teardown."""
    from tests.processes import RedisServer

    server = RedisServer(tmp_path / "redis")
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def redis_url(redis_server):
    return redis_server.url


@pytest.fixture
def worker(redis_url, tmp_path, settings):
    """A real worker process on the test database; this process publishes to the same redis."""
    from tests.processes import Worker, publishing_to, redis_options

    settings.RAPPORTAGE_DIR = tmp_path / "rapportages"
    process = Worker(broker_url=redis_url, reports=settings.RAPPORTAGE_DIR, var=tmp_path / "var", pseudonym_secret=settings.PSEUDONYM_SECRET)
    with publishing_to(redis_url, redis_options()):
        try:
            process.start()
            yield process.process, process.log
        finally:
            process.close()
