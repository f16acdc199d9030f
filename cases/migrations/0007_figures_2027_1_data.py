"""Data for definitions 2027.1 (DOMAIN.md sections 4-7).

- Every jeugdige's current address becomes its first address (`Adres`, holding from the start).
- Going into waakvlam now ends the help with a reden beëindiging and an outcome. Earlier waakvlam changes never
  asked them: they get reden 01 (beëindigd volgens plan) and outcome `onbekend`, and the hulpperiodes they ended
  carry the same. The migration says how many rows it set, so the assumption is on record.
- An ended hulpperiode carries the outcome of the status change that ended it.
- Anonymous remainders keep only the birth year: their birth-date precision becomes `jaar`.
Contacts get inzet `hulp` from the field's default.
"""

import sys

from django.db import migrations


def forwards(apps, schema_editor):
    Jeugdige = apps.get_model("cases", "Jeugdige")
    Adres = apps.get_model("cases", "Adres")
    StatusWijziging = apps.get_model("cases", "StatusWijziging")
    Hulpperiode = apps.get_model("cases", "Hulpperiode")

    Adres.objects.bulk_create(
        Adres(jeugdige_id=j["id"], postcode=j["postcode"], gemeente_id=j["gemeente_id"], geldig_vanaf=None)
        for j in Jeugdige.objects.values("id", "postcode", "gemeente_id").iterator()
    )
    Jeugdige.objects.filter(geanonimiseerd_op__isnull=False).update(geboortedatum_precisie="jaar")

    waakvlam = StatusWijziging.objects.filter(naar="waakvlam", reden_beeindiging="")
    n_waakvlam = waakvlam.update(reden_beeindiging="01", doelen_bereikt="onbekend", zonder_hulp_verder="onbekend")

    # The n-th change out of actief of a dossier ended its n-th hulpperiode: copy that change's reden and outcome.
    endings: dict = {}
    for s in StatusWijziging.objects.filter(van="actief", naar__in=["waakvlam", "afgesloten"]).order_by("dossier_id", "datum", "id"):
        endings.setdefault(s.dossier_id, []).append(s)
    n_perioden = 0
    for h in Hulpperiode.objects.filter(einde__isnull=False).iterator():
        ended = endings.get(h.dossier_id, [])
        change = ended[h.volgnummer - 1] if h.volgnummer <= len(ended) else None
        h.reden_beeindiging = (change.reden_beeindiging if change else "") or h.reden_beeindiging or "01"
        h.doelen_bereikt = (change.doelen_bereikt if change else "") or "onbekend"
        h.tevredenheid = change.tevredenheid if change else None
        h.zonder_hulp_verder = (change.zonder_hulp_verder if change else "") or "onbekend"
        h.einde_door = h.einde_door or ("waakvlam" if change is not None and change.naar == "waakvlam" else "afsluiting")
        h.save(update_fields=["reden_beeindiging", "doelen_bereikt", "tevredenheid", "zonder_hulp_verder", "einde_door"])
        n_perioden += 1
    if n_waakvlam:
        sys.stdout.write(
            f"\n  Definities 2027.1: {n_waakvlam} overgang(en) naar waakvlam hadden geen reden beëindiging en uitkomst;"
            " ze kregen reden 01 (beëindigd volgens plan) en uitkomst 'onbekend'."
            f" {n_perioden} beëindigde hulpperiode(s) kregen de reden en uitkomst van hun einde.\n"
        )


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_figures_2027_1")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
