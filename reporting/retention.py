"""Retention (issue 9), run daily by Celery beat (`reporting.bewaartermijnen`) and by `manage.py purge_expired`:

- dossiers 20 years after their help ended, with their anonymous remainder kept (`cases.retention`);
- the files of `cbs_aanlevering` reports (they hold BSNs) AANLEVERING_BEWAARDAGEN days after they were made: the file
  is deleted, the Rapportage row keeps `bestand_verwijderd_op`, a download gets a Dutch 410. A published (`definitief`)
  delivery too: its BSNs are kept no longer than any other's; what was published stays traceable by the row's sha256,
  version and pseudonymous cells. Whatever the report's status: a delivery that failed after its file was complete
  leaves no BSNs beyond the same days. (The files without BSNs, indicator reports and the protocol export, are never deleted.)
- temporary files a killed worker left behind (`reporting.generation.temp_files_remove`).
"""

import logging
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cases.retention import dossiers_purge_expired
from jgt_registratie.audit import Action, audit_record
from reporting.exports import rapportage_filename
from reporting.generation import _is_being_made, temp_files_remove
from reporting.models import Rapportage

logger = logging.getLogger(__name__)


def aanlevering_files_expire(*, nu=None) -> list:
    """Delete the files of `cbs_aanlevering` reports made more than AANLEVERING_BEWAARDAGEN days ago; each row then says
    so (`bestand_verwijderd_op`) and the deletion is audited. The file goes first: a row never claims a deletion of a file
    that is still there (a file that cannot be deleted is logged and tried again the next day). Published or not: BSNs are
    not kept longer because a delivery was published. Returns the ids."""
    nu = nu or timezone.now()
    grens = nu - timedelta(days=settings.AANLEVERING_BEWAARDAGEN)
    # Whatever its status: a generation that failed after its file was complete removes that file itself, but a worker
    # killed at that moment cannot. A row that is not gereed has no `bestand`: its file has the name it would have had.
    expired = (Rapportage.objects.filter(soort=Rapportage.Soort.CBS_AANLEVERING, bestand_verwijderd_op__isnull=True)
               .filter(Q(gereed_op__lt=grens) | Q(gereed_op__isnull=True, aangemaakt_op__lt=grens))
               .order_by("aangemaakt_op").defer("cellen", "wijzigingen"))
    done = []
    for pk in expired.values_list("pk", flat=True):
        with transaction.atomic(durable=True):
            # Locked and checked again (a concurrent run may have done it); publishing locks the row too.
            rapportage = Rapportage.objects.select_for_update().filter(pk=pk, bestand_verwijderd_op__isnull=True).defer("cellen", "wijzigingen").first()
            if rapportage is None:
                continue
            gereed = rapportage.status == Rapportage.Status.GEREED
            if rapportage.status in (Rapportage.Status.WACHTRIJ, Rapportage.Status.BEZIG) and _is_being_made(pk):
                continue  # a generation in progress writes its own file
            path = Path(settings.RAPPORTAGE_DIR) / (rapportage.bestand or rapportage_filename(rapportage))
            if not gereed and not path.exists():
                continue  # nothing of a report that was never made: the row stays as it is
            try:
                path.unlink(missing_ok=True)
            except OSError:
                logger.exception("Rapportage %s: het verlopen aanleveringsbestand kon niet worden verwijderd", rapportage.pk)
                continue
            if gereed or rapportage.status == Rapportage.Status.MISLUKT:
                Rapportage.objects.filter(pk=rapportage.pk).update(bestand_verwijderd_op=nu)
            audit_record(user=None, action=Action.RAPPORTAGEBESTAND_VERWIJDEREN, object_type="rapportage", object_id=rapportage.pk,
                         detail={"soort": rapportage.soort, "periode": rapportage.periode, "gemeente": rapportage.gemeente_id or "alle",
                                 "bewaardagen": settings.AANLEVERING_BEWAARDAGEN, "sha256": rapportage.sha256, "status": rapportage.status})
        done.append(rapportage.pk)
    return done


def purge_expired(*, vandaag=None, nu=None) -> dict:
    """Everything past its retention period, in one go; returns what was done (counts), for the log and the command."""
    vernietigd = dossiers_purge_expired(vandaag=vandaag)
    aanleveringen = aanlevering_files_expire(nu=nu)
    tijdelijk = temp_files_remove(nu=nu.timestamp() if nu else None)
    return {**vernietigd.detail(), "aanleveringsbestanden": len(aanleveringen), "tijdelijke_bestanden": tijdelijk}
