"""`manage.py purge_expired`: what Celery beat does every night (reporting.retention.purge_expired)."""

from django.core.management.base import BaseCommand

from reporting.retention import purge_expired


class Command(BaseCommand):
    help = ("Vernietigt dossiers 20 jaar na het einde van de hulp (met hun contacten, statusgeschiedenis en doorverwijzingen, "
            "en jeugdigen die daarna in geen dossier meer staan; geanonimiseerde telgegevens blijven), verwijdert bestanden "
            "van CBS-aanleveringen na AANLEVERING_BEWAARDAGEN dagen en achtergebleven tijdelijke bestanden. Alles geaudit.")

    def handle(self, *args, **options):
        result = purge_expired()
        self.stdout.write(
            f"Vernietigd: {result['dossiers']} dossier(s), {result['jeugdigen']} jeugdige(n), {result['contacten']} contact(en) "
            f"(geanonimiseerde telgegevens bewaard: {result['hulpperiodes_geanonimiseerd']} hulpperiode(s)). "
            f"Verwijderde aanleveringsbestanden: {result['aanleveringsbestanden']}; tijdelijke bestanden: {result['tijdelijke_bestanden']}.")
