"""The verantwoording on the portal's screen (`/gemeente/verantwoording`): the latest one the worker made, never one
computed in the request.

The page shows the sections of the latest finished JSON verantwoording of the gemeente and period (the worker makes it,
with progress, like every report: `reporting.generation`), says when a newer one is being made, and when the one shown
is outdated; a button requests a new one (`reporting.services.report_request`, formaat json).

A shown verantwoording is **outdated** (`verouderd`) when:
- it was made under another version of the definitions than the current one;
- corrections touching the period were made since it was made (`reporting.versions.corrections_since`, the same
  corrections the published versions name: also registrations entered later, "later geregistreerd"); or
- the period had not ended on the day it was made and that day has passed: registrations of the period may have come in.
Beheer inputs (budget, FTE, StatLine, beleidskader) changed since do not make it outdated; a new one can always be asked.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from reporting.indicators import DEFINITIEVERSIE
from reporting.models import Rapportage
from reporting.periods import Periode
from reporting.selectors import rapportages_for
from reporting.versions import corrections_since


@dataclass(frozen=True)
class Stand:
    """What the page shows: the latest finished report (`rapportage`, its JSON `rapport`), why it is outdated ("" when
    it is not), and a newer one still in the queue or being made (`bezig`)."""

    rapportage: Rapportage | None
    rapport: dict | None
    verouderd: str
    bezig: Rapportage | None


def _inhoud(rapportage: Rapportage) -> dict | None:
    """The report's JSON, when its file is there and matches its sha256 (else None: as if it was not made)."""
    if not rapportage.bestand or rapportage.bestand_verwijderd_op is not None:
        return None
    path = Path(settings.RAPPORTAGE_DIR) / rapportage.bestand
    if not path.is_file():
        return None
    content = path.read_bytes()
    if hashlib.sha256(content).hexdigest() != rapportage.sha256:
        return None
    return json.loads(content)


def verouderd(rapportage: Rapportage, periode: Periode, *, vandaag: date) -> str:
    """Why the report no longer shows the registration as it is (Dutch), or "" (see the module docstring)."""
    if rapportage.definitieversie != DEFINITIEVERSIE:
        return (f"Deze verantwoording is gemaakt met definities versie {rapportage.definitieversie}; nu geldt versie "
                f"{DEFINITIEVERSIE}.")
    gemaakt = rapportage.gestart_op or rapportage.aangemaakt_op
    nu = Rapportage(soort=rapportage.soort, periode=rapportage.periode, gemeente_id=rapportage.gemeente_id, formaat=rapportage.formaat,
                    aangemaakt_op=timezone.now(), gestart_op=timezone.now())
    if corrections_since(nu, rapportage):
        return f"Sinds deze verantwoording is gemaakt ({timezone.localtime(gemaakt):%d-%m-%Y}) zijn registraties uit de periode gecorrigeerd."
    gemaakt_op = timezone.localdate(gemaakt)
    if periode.einde >= gemaakt_op and vandaag > gemaakt_op:
        return (f"Deze verantwoording is gemaakt op {gemaakt_op:%d-%m-%Y}, voordat de periode voorbij was; er kunnen sindsdien "
                "registraties bij zijn gekomen.")
    return ""


def stand(user, gemeente, periode: Periode, *, vandaag: date) -> Stand:
    """The latest JSON verantwoording of the gemeente and period in the user's scope (`reporting.selectors`), and one
    being made after it."""
    rijen = (rapportages_for(user).filter(soort=Rapportage.Soort.VERANTWOORDING, gemeente=gemeente, periode=periode.code,
                                          formaat=Rapportage.Formaat.JSON).order_by("-aangemaakt_op"))
    gereed = rijen.filter(status=Rapportage.Status.GEREED, bestand_verwijderd_op__isnull=True)
    rapportage, rapport = None, None
    for kandidaat in gereed[:3]:  # the latest whose file is intact
        rapport = _inhoud(kandidaat)
        if rapport is not None:
            rapportage = kandidaat
            break
    bezig = rijen.filter(status__in=(Rapportage.Status.WACHTRIJ, Rapportage.Status.BEZIG))
    if rapportage is not None:
        bezig = bezig.filter(aangemaakt_op__gt=rapportage.aangemaakt_op)
    return Stand(rapportage, rapport, verouderd(rapportage, periode, vandaag=vandaag) if rapportage else "", bezig.first())
