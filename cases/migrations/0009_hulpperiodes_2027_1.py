"""Recompute every dossier's hulpperiodes under definitions 2027.1 (DOMAIN.md section 4).

Under 2027.1 a hulpperiode runs from the first to the last hulpcontact (inzet `hulp`, hulpsoort licht or heavier)
of a stretch of `actief`; a stretch without one is no hulpperiode (the dossier is waiting). Its reden beëindiging
and outcome are those asked when the help ended, at waakvlam or closure (0007 gave the waakvlam changes from before
2027.1 reden 01 and outcome `onbekend`). The rows stored under 2026.1 started at the activation and may hold help
that is no help now, so each dossier's rows are derived again with the pure `cases.hulpperiodes.derive` from the
historical status changes and contacts, and replaced; `actief_sinds`, the outcome and `dossier_categorieen` (the
dossier's categories now, the ones the old rows were computed with) are filled. This is the new definition, not a
correction: `gecorrigeerd_op` stays empty.

Not touched: the anonymous remainders of destroyed dossiers and the anonymous hulpperiodes of a child erased from a
family dossier (`cases.retention`): they are frozen.

The migration says on stdout how many hulpperiodes it recomputed, before and after (nothing on an empty database).
"""

import dataclasses
import sys

from django.db import migrations

from cases import hulpperiodes

OUTCOME = ("reden_beeindiging", "doelen_bereikt", "tevredenheid", "zonder_hulp_verder")


def _build(cls, **values):
    """`cls(**values)` with only the fields `cls` has: `derive`'s inputs gained fields in 2027.1 (inzet, the outcome)."""
    names = {f.name for f in dataclasses.fields(cls)}
    return cls(**{name: value for name, value in values.items() if name in names})


def _outcome(periode, history) -> dict:
    """The reden beëindiging and outcome of an ended period: `derive`'s (2027.1), else those of the status change that
    ended it (the first change to waakvlam or afgesloten on or after its start); empty while it runs."""
    if periode.einde is None:
        return {"reden_beeindiging": "", "doelen_bereikt": "", "tevredenheid": None, "zonder_hulp_verder": ""}
    if all(hasattr(periode, name) for name in OUTCOME):
        values = {name: getattr(periode, name) for name in OUTCOME}
    else:
        ending = next((s for s in history if s.naar in ("waakvlam", "afgesloten") and s.datum >= periode.start), None)
        values = {name: getattr(ending, name, None) for name in OUTCOME}
    return {
        "reden_beeindiging": values["reden_beeindiging"] or "01",
        "doelen_bereikt": values["doelen_bereikt"] or "onbekend",
        "tevredenheid": values["tevredenheid"],
        "zonder_hulp_verder": values["zonder_hulp_verder"] or "onbekend",
    }


def forwards(apps, schema_editor):
    Dossier = apps.get_model("cases", "Dossier")
    Hulpperiode = apps.get_model("cases", "Hulpperiode")

    before = Hulpperiode.objects.filter(dossier__geanonimiseerd_op__isnull=True, jeugdige__geanonimiseerd_op__isnull=True).count()
    dossiers = (
        Dossier.objects.filter(geanonimiseerd_op__isnull=True)
        .prefetch_related("statusgeschiedenis", "contacten__probleemcategorieen", "probleemcategorieen", "jeugdigen")
        .order_by("pk")
    )
    n_dossiers = n_perioden = 0
    for dossier in dossiers.iterator(chunk_size=500):
        history = sorted(dossier.statusgeschiedenis.all(), key=lambda s: (s.datum, s.id))
        changes = [
            _build(hulpperiodes.Change, naar=s.naar, datum=s.datum, reden_beeindiging=s.reden_beeindiging, doelen_bereikt=s.doelen_bereikt,
                   tevredenheid=s.tevredenheid, zonder_hulp_verder=s.zonder_hulp_verder)
            for s in history
        ]
        contacts = [
            _build(hulpperiodes.ContactFact, datum=c.datum, hulpsoort=c.hulpsoort, duur_minuten=c.duur_minuten,
                   categorieen=frozenset(cat.code for cat in c.probleemcategorieen.all()), inzet=c.inzet)
            for c in sorted(dossier.contacten.all(), key=lambda c: (c.datum, c.geregistreerd_op))
        ]
        categorieen = sorted(c.code for c in dossier.probleemcategorieen.all())
        periods = hulpperiodes.derive(changes, contacts, dossier.hulpsoort, categorieen)
        jeugdigen = [j for j in dossier.jeugdigen.all() if j.geanonimiseerd_op is None]
        Hulpperiode.objects.filter(dossier=dossier, jeugdige__geanonimiseerd_op__isnull=True).delete()
        rows = [
            Hulpperiode(
                dossier=dossier,
                jeugdige=jeugdige,
                volgnummer=n,
                start=p.start,
                einde=p.einde,
                hulpsoort=p.hulpsoort,
                probleemcategorieen=list(p.categorieen),
                einde_door=p.einde_door,
                aantal_contacten=p.aantal_contacten,
                contactminuten=p.contactminuten,
                actief_sinds=getattr(p, "actief_sinds", p.start),
                dossier_categorieen=categorieen,
                **_outcome(p, history),
            )
            for jeugdige in jeugdigen
            for n, p in enumerate(periods, start=1)
        ]
        Hulpperiode.objects.bulk_create(rows)
        n_dossiers += 1
        n_perioden += len(rows)
    if not n_dossiers:
        return  # a new installation: nothing to say
    sys.stdout.write(
        f"\n  Definities 2027.1: de hulpperiodes van {n_dossiers} dossier(s) zijn opnieuw berekend (hulp loopt van het eerste tot het"
        f" laatste hulpcontact): {before} hulpperiode(s) vervangen door {n_perioden}.\n"
    )


class Migration(migrations.Migration):
    dependencies = [("cases", "0008_figures_2027_1_constraints")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
