"""Small builders for case tests: everything through the services."""

from datetime import date, timedelta

from django.utils import timezone

from cases import services
from cases.models import Contact, Doorverwijzing, Dossier, Hulpperiode, Jeugdige, StatusWijziging
from jgt_registratie.models import AuditLog

VALID_BSN = "111222333"  # passes the 11-proef
OTHER_VALID_BSN = "123456782"


def today() -> date:
    return timezone.localdate()


def days_ago(n: int) -> date:
    return today() - timedelta(days=n)


def make_jeugdige(user, team, gemeente, **kw):
    fields = {"geboortedatum": date(2012, 4, 1), "geslacht": "V", **kw}
    return services.jeugdige_register(user=user, team=team, gemeente=gemeente, **fields)


def make_dossier(user, team, gemeente, *, aanmelddatum=None, jeugdigen=None, **kw):
    jeugdigen = jeugdigen or [make_jeugdige(user, team, gemeente)]
    fields = {"aanmelder": "huisarts", "hulpsoort": "licht", "probleemcategorieen": ["opvoeding"], **kw}
    return services.dossier_open(user=user, team=team, jeugdigen=jeugdigen, aanmelddatum=aanmelddatum or days_ago(60), **fields)


def make_contact(user, team, *, dossier=None, datum=None, hulpsoort="licht", **kw):
    fields = {"duur_minuten": 45, "vorm": "face_to_face", "probleemcategorieen": ["opvoeding"], **kw}
    return services.contact_register(user=user, team=team, dossier=dossier, datum=datum or days_ago(30), hulpsoort=hulpsoort, **fields)


def active_dossier(user, team, gemeente, *, since=30):
    dossier = make_dossier(user, team, gemeente)
    make_contact(user, team, dossier=dossier, datum=days_ago(since))
    return Dossier.objects.get(pk=dossier.pk)


def snapshot():
    """Everything a rejected request must leave unchanged (the audit log may grow)."""
    return (
        Jeugdige.objects.count(), Dossier.objects.count(), Contact.objects.count(), StatusWijziging.objects.count(),
        Doorverwijzing.objects.count(), Hulpperiode.objects.count(),
        sorted(Dossier.objects.values_list("id", "status", "versie", "evaluatiedatum", "einddatum")),
    )


def last_audit():
    return AuditLog.objects.order_by("-id").first()
