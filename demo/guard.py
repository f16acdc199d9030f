"""The guard of the commands that write made-up registrations (`seed_demo`, `generate_load`).

They write invented children, dossiers and demo logins with a known password into the registration: on a production
database that would mix fake children into the figures gemeenten receive, and open the door to anyone who read the
README. So they run only with DEBUG on (`make run`, `make bench`), or when the caller says explicitly, per run, that the
database is not a production one (`--ik-weet-het-zeker`: the tests, which run with the production defaults).
"""

from django.conf import settings
from django.core.management.base import CommandError

FLAG = "--ik-weet-het-zeker"


def add_argument(parser) -> None:
    parser.add_argument(FLAG, dest="ik_weet_het_zeker", action="store_true",
                        help="Ook zonder DEBUG draaien, op een database die zeker geen productie is (tests, een eigen testdatabase).")


def refuse_outside_debug(command: str, allowed: bool) -> None:
    """A Dutch CommandError when DEBUG is off and the run was not explicitly allowed; nothing has been written then."""
    if settings.DEBUG or allowed:
        return
    raise CommandError(
        f"{command} schrijft verzonnen kinderen, dossiers en demo-logins met een bekend wachtwoord in de registratie en draait "
        f"daarom alleen met DEBUG=true (lokaal, zoals `make run`). Er is niets geschreven. Is dit zeker geen productiedatabase? "
        f"Geef dan {FLAG} mee.")
