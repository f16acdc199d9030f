"""Retention and erasure: dossiers destroyed 20 years after their help ended (Jeugdwet art. 7.3.8), and a
jeugdige's data destroyed on request (art. 7.3.9). DOMAIN.md section 4, "Retention".

What is destroyed, and what stays (the anonymous remainder)
-----------------------------------------------------------
A destroyed dossier and a destroyed jeugdige are deleted: their rows and keys are gone, and with them every BSN,
birth date, postcode, note, team, regiehouder, registering professional, problem category of a contact and link to
a person. Earlier published figures must still come out the same (DOMAIN.md section 1: "every figure is defined
below, reproducible"), so the facts the indicators and the CBS exports count are kept, without identifiers, as an
*anonymous remainder* in the same tables, marked `geanonimiseerd_op` (dossier, jeugdige) or without team (contact):

- the dossier: a new random key, no team, no regiehouder; aanmelddatum, aanmelder, verwijzer, crisis, status and
  closure codes (I12, I13 and the CBS records);
- each jeugdige: a new random key, no team, BSN, postcode or birth day; its address history as gemeenten with their
  dates (no postcodes), geslacht and birth year (stored as 1 January, precision `jaar`; an unborn child stays unborn,
  expected in that year): the scope of every count, in the gemeente that held on the day a report asks, and the CBS
  protocol's `geboortejaar`. One erased jeugdige gets one remainder
  for all its hulpperiodes, so it still counts once in I01, I02 (herhaald beroep) and I06;
- its hulpperiodes, unchanged (dates, hulpsoort, categories, reden, counts), now pointing to those remainders;
- its contacts: date, duration, vorm, hulpsoort, registration time and moment (I05, I09, I10, I14, I15), with the note,
  categories, team and professional removed;
- its status history without who made each change (I04, I11), its referrals without who registered them (I08, CBS).

The indicator SQL (`reporting.indicators`) and the CBS exports read the remainder exactly as before, so every raw
value of I01..I15 for a period before the destruction is unchanged (tests/cases/test_retention.py). Nothing in the
remainder is reachable from a screen or the API: every case read is scoped to a team, and the remainder has none.
The CBS aanlevering (with BSN) delivers a remainder's record with the unknown BSN and birth date `JJJJ0000`.

A family dossier (several jeugdigen) and erasure: the dossier is also the other children's file, so it stays
(art. 7.3.9 second paragraph: not when it is of considerable importance to someone else). The erased child is taken
out of it; its hulpperiodes stay beside the dossier, anonymous and frozen (not shown, not rebuilt), so I11's outcomes
and I13's waiting time of the dossier keep them, and its share of the family's contact minutes goes to the children
who remain (`hulpminuten` in reporting.indicators), so every contact still counts once. The figures of earlier
periods therefore stay too; the one exception is a child who lived in another gemeente than its siblings: the family
dossier then no longer counts in that gemeente's dossiers, contacts and referrals, and its minutes move to the
siblings' gemeente, as with any other change of a dossier's members.

Retention destroys whole dossiers only. A jeugdige who also has a dossier that is kept stays registered; its part in
the destroyed dossier gets a remainder of its own, deliberately not linked to it, so in a period in which both
dossiers gave it help it would count twice in I01 (help that ended 20 years ago overlapping help still kept: rare).

The audit log keeps, as always, who did what to which (old) key; it holds no BSN, name or birth date, and it never
names the new keys, so nothing links a remainder to the person it came from.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone

from cases.choices import GeboortedatumPrecisie, Status
from cases.models import Adres, Contact, Doorverwijzing, Dossier, Gezinslid, Hulpperiode, IdempotencyKey, Jeugdige, StatusWijziging
from cases.validation import add_months
from jgt_registratie import rights
from jgt_registratie.audit import Action, audit_record, audit_refusals
from jgt_registratie.errors import Errors, NotFound
from jgt_registratie.rights import Capability

BEWAARTERMIJN_JAREN = 20
REDEN_MIN, REDEN_MAX = 10, 500


@dataclass
class Vernietigd:
    """What one destruction did (counts only: this goes to the audit log and the screen)."""

    dossiers: int = 0
    jeugdigen: int = 0
    uit_gezinsdossier: int = 0
    contacten: int = 0
    statuswijzigingen: int = 0
    doorverwijzingen: int = 0
    hulpperiodes: int = 0
    dossier_ids: list = field(default_factory=list)

    def add(self, other: "Vernietigd") -> None:
        for name in ("dossiers", "jeugdigen", "uit_gezinsdossier", "contacten", "statuswijzigingen", "doorverwijzingen", "hulpperiodes"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.dossier_ids += other.dossier_ids

    def detail(self) -> dict:
        return {"dossiers": self.dossiers, "jeugdigen": self.jeugdigen, "uit_gezinsdossier": self.uit_gezinsdossier,
                "contacten": self.contacten, "statuswijzigingen": self.statuswijzigingen, "doorverwijzingen": self.doorverwijzingen,
                "hulpperiodes_geanonimiseerd": self.hulpperiodes}


def retention_cutoff(vandaag: date) -> date:
    """A dossier closed before this date was closed more than BEWAARTERMIJN_JAREN years ago."""
    return add_months(vandaag, -12 * BEWAARTERMIJN_JAREN)


def expired_dossiers(vandaag: date):
    """Closed dossiers whose help ended (their closure date) more than 20 years ago, not yet destroyed."""
    return Dossier.objects.filter(geanonimiseerd_op__isnull=True, status=Status.AFGESLOTEN, einddatum__lt=retention_cutoff(vandaag))


# --- the anonymous remainder -----------------------------------------------------------------------------------


def _remainder_of_jeugdige(jeugdige: Jeugdige, nu) -> Jeugdige:
    if jeugdige.geboortedatum is not None:
        birth = {"geboortedatum": date(jeugdige.geboortedatum.year, 1, 1), "geboortedatum_precisie": GeboortedatumPrecisie.JAAR}
    else:  # never registered as born: it stays unborn, expected in that year
        birth = {"geboortedatum": None, "verwachte_geboortedatum": date(jeugdige.verwachte_geboortedatum.year, 1, 1)}
    remainder = Jeugdige.objects.create(bsn=None, geslacht=jeugdige.geslacht, team=None, aangemaakt_door=None, geanonimiseerd_op=nu, **birth)
    # the gemeenten and their dates stay (reports of a past period take the gemeente of that day); the postcodes go
    Adres.objects.bulk_create(Adres(jeugdige=remainder, postcode="", gemeente_id=adres.gemeente_id, geldig_vanaf=adres.geldig_vanaf)
                              for adres in jeugdige.adressen.all())
    return remainder


def _destroy_dossier(dossier: Dossier, remainder_of, nu) -> Vernietigd:
    """Replace `dossier` by its anonymous remainder (see the module's description); `remainder_of(jeugdige)` gives the
    remainder that takes a member's place. Call inside a transaction, with the dossier locked."""
    rest = Dossier.objects.create(
        team=None, regiehouder=None, aanmelddatum=dossier.aanmelddatum, aanmelder=dossier.aanmelder, hulpsoort=dossier.hulpsoort,
        gestart_met_crisis=dossier.gestart_met_crisis, verwijzer=dossier.verwijzer, status=dossier.status, status_sinds=dossier.status_sinds,
        evaluatiedatum=dossier.evaluatiedatum, einddatum=dossier.einddatum, reden_beeindiging=dossier.reden_beeindiging, geanonimiseerd_op=nu,
    )
    done = Vernietigd(dossiers=1, dossier_ids=[str(dossier.pk)])
    # a child that joined later keeps its day of joining: a contact is divided over the members of its date
    later = dict(Gezinslid.objects.filter(dossier=dossier).values_list("jeugdige_id", "vanaf"))
    for member in dossier.jeugdigen.all():
        remainder = remainder_of(member)
        rest.jeugdigen.add(remainder)
        if member.pk in later:
            Gezinslid.objects.create(dossier=rest, jeugdige=remainder, vanaf=later[member.pk])
        done.hulpperiodes += Hulpperiode.objects.filter(dossier=dossier, jeugdige=member).update(dossier=rest, jeugdige=remainder)
    # Hulpperiodes already anonymous (of a child erased from this family dossier earlier) move along unchanged.
    done.hulpperiodes += Hulpperiode.objects.filter(dossier=dossier).update(dossier=rest)
    contacts = Contact.objects.filter(dossier=dossier)
    IdempotencyKey.objects.filter(contact__in=contacts).delete()
    Contact.probleemcategorieen.through.objects.filter(contact__in=contacts).delete()
    done.contacten = contacts.update(dossier=rest, team=None, geregistreerd_door=None, notitie="")
    done.statuswijzigingen = StatusWijziging.objects.filter(dossier=dossier).update(dossier=rest, door=None,
                                                                                       afsluitverzoek_toelichting="")
    # the outcome stays for the figures (issue 12); its reason is free text that may name the family, so it goes
    done.doorverwijzingen = Doorverwijzing.objects.filter(dossier=dossier).update(dossier=rest, geregistreerd_door=None, reden="")
    dossier.delete()  # its memberships and categories go with it
    return done


# --- retention: 20 years after the help ended (art. 7.3.8) -------------------------------------------------------


def _groups(dossier_ids) -> list[list]:
    """The expired dossiers in groups that share a jeugdige: each group is destroyed in one transaction, so a jeugdige
    in several of them gets one remainder (and still counts once in the figures of earlier periods)."""
    parent = {pk: pk for pk in dossier_ids}

    def root(pk):
        while parent[pk] != pk:
            parent[pk] = parent[parent[pk]]
            pk = parent[pk]
        return pk

    first_of = {}
    for dossier_id, jeugdige_id in Dossier.jeugdigen.through.objects.filter(dossier_id__in=dossier_ids).values_list("dossier_id", "jeugdige_id"):
        if jeugdige_id in first_of:
            parent[root(dossier_id)] = root(first_of[jeugdige_id])
        else:
            first_of[jeugdige_id] = dossier_id
    groups = defaultdict(list)
    for pk in dossier_ids:
        groups[root(pk)].append(pk)
    return sorted(groups.values(), key=lambda g: sorted(map(str, g)))


@transaction.atomic(durable=True)
def _purge_group(dossier_ids, *, vandaag: date, nu) -> Vernietigd:
    # Checked again under the lock: a dossier reopened since the selection is kept.
    dossiers = list(expired_dossiers(vandaag).filter(pk__in=dossier_ids).select_for_update().order_by("pk"))
    done = Vernietigd()
    if not dossiers:
        return done
    members = {j.pk: j for d in dossiers for j in d.jeugdigen.all()}
    elsewhere = set(Dossier.jeugdigen.through.objects.filter(jeugdige_id__in=members).exclude(dossier_id__in=[d.pk for d in dossiers])
                    .values_list("jeugdige_id", flat=True))
    remainders = {}

    def remainder_of(jeugdige):
        # One remainder per person in this group. A jeugdige who also has a dossier that is kept stays registered;
        # the remainder of its part in these dossiers is not linked to it.
        if jeugdige.pk not in remainders:
            remainders[jeugdige.pk] = _remainder_of_jeugdige(jeugdige, nu)
        return remainders[jeugdige.pk]

    for dossier in dossiers:
        pk = dossier.pk  # deleting the dossier clears it
        one = _destroy_dossier(dossier, remainder_of, nu)
        audit_record(user=None, action=Action.VERNIETIGEN_BEWAARTERMIJN, object_type="dossier", object_id=pk,
                     detail={"einddatum": dossier.einddatum.isoformat(), "bewaartermijn_jaren": BEWAARTERMIJN_JAREN, **one.detail()})
        done.add(one)
    # "jeugdigen no longer in any dossier": destroyed with their last dossier.
    gone = [pk for pk in members if pk not in elsewhere]
    Jeugdige.objects.filter(pk__in=gone).delete()
    for pk in gone:
        audit_record(user=None, action=Action.VERNIETIGEN_BEWAARTERMIJN, object_type="jeugdige", object_id=pk,
                     detail={"bewaartermijn_jaren": BEWAARTERMIJN_JAREN})
    done.jeugdigen = len(gone)
    return done


def dossiers_purge_expired(*, vandaag: date | None = None) -> Vernietigd:
    """Destroy every dossier closed more than 20 years ago, with its contacts, status history and referrals, and the
    jeugdigen that are then in no dossier any more; keep the anonymous remainder (see above). Audited per dossier and
    per jeugdige (user: none, the system). Daily by Celery beat and `manage.py purge_expired`; idempotent."""
    vandaag = vandaag or timezone.localdate()
    nu = timezone.now()
    done = Vernietigd()
    for group in _groups(list(expired_dossiers(vandaag).values_list("pk", flat=True))):
        done.add(_purge_group(group, vandaag=vandaag, nu=nu))
    return done


# --- erasure on request (art. 7.3.9) -------------------------------------------------------------------------------


def reden_check(reden: str) -> None:
    """InvalidInput (Dutch) when the reason of an erasure is missing or too long: for the page's first step."""
    errors = Errors()
    _check_reden(errors, reden)
    errors.raise_if_any()


def _check_reden(errors: Errors, reden: str) -> str:
    reden = " ".join((reden or "").split())
    if len(reden) < REDEN_MIN:
        errors.add("reden", "reden_verplicht", f"Geef de reden van de vernietiging (ten minste {REDEN_MIN} tekens), bijvoorbeeld "
                                              "'verzoek van de ouders van 3 maart, kenmerk 2024-17'. Noem geen namen.")
    elif len(reden) > REDEN_MAX:
        errors.add("reden", "reden_te_lang", f"De reden is hoogstens {REDEN_MAX} tekens; nu zijn het er {len(reden)}.")
    elif re.search(r"(?<![0-9])[0-9](?:[ .]?[0-9]){8}(?![0-9])", reden):
        # the reason is kept in the append-only audit log: a BSN there could never be destroyed
        errors.add("reden", "geen_bsn", "Noem geen BSN in de reden: die wordt bewaard in het auditlog. Gebruik een kenmerk of datum.")
    return reden


@audit_refusals(Action.VERNIETIGEN_OP_VERZOEK, "jeugdige", "jeugdige")
@transaction.atomic(durable=True)
def jeugdige_erase(*, user, jeugdige: Jeugdige, reden: str) -> Vernietigd:
    """Destroy a jeugdige's data on request of the jeugdige (from 12) or its parents (Jeugdwet art. 7.3.9), carried out by
    functioneel beheer: the jeugdige, every dossier that is only its own (with contacts, status history, referrals),
    and its place in family dossiers, which stay for the other children. The anonymous remainder stays (see above).
    `reden` (the request's date and reference, no names) is kept in the audit row."""
    rights.check(user, Capability.ERASURE)
    errors = Errors()
    reden = _check_reden(errors, reden)
    errors.raise_if_any()
    gone = NotFound("Deze jeugdige bestaat niet (meer): de gegevens zijn misschien al vernietigd.")
    target = Jeugdige.objects.filter(pk=getattr(jeugdige, "pk", None), geanonimiseerd_op__isnull=True).first()
    if target is None:
        raise gone
    # Its dossiers first, then the child: the order in which a hand-over and `gezinslid_add` lock them (dossier, then
    # child), so an erasure running beside one of them waits instead of deadlocking. A dossier the child joined while
    # this waited for the child's lock is picked up (and locked) by the loop below, which reads them again.
    list(Dossier.objects.select_for_update(of=("self",)).filter(jeugdigen=target).order_by("pk").values_list("pk", flat=True))
    target = Jeugdige.objects.select_for_update().filter(pk=target.pk, geanonimiseerd_op__isnull=True).first()
    if target is None:
        raise gone
    nu = timezone.now()
    remainder = []

    def remainder_of(member):
        if not remainder:
            remainder.append(_remainder_of_jeugdige(member, nu))
        return remainder[0]

    done = Vernietigd()
    for dossier in Dossier.objects.select_for_update().filter(jeugdigen=target).order_by("pk"):
        if dossier.jeugdigen.count() == 1:
            done.add(_destroy_dossier(dossier, remainder_of, nu))
            continue
        dossier.jeugdigen.remove(target)
        done.hulpperiodes += Hulpperiode.objects.filter(dossier=dossier, jeugdige=target).update(jeugdige=remainder_of(target))
        done.uit_gezinsdossier += 1
        dossier.versie += 1
        dossier.save(update_fields=["versie", "gewijzigd_op"])
        audit_record(user=user, action=Action.VERNIETIGEN_OP_VERZOEK, object_type="dossier", object_id=dossier.pk,
                     detail={"jeugdige_uit_gezinsdossier": str(target.pk)})
    for dossier_id in done.dossier_ids:
        audit_record(user=user, action=Action.VERNIETIGEN_OP_VERZOEK, object_type="dossier", object_id=dossier_id,
                     detail={"jeugdige": str(target.pk)})
    target_id = target.pk
    target.delete()
    done.jeugdigen = 1
    audit_record(user=user, action=Action.VERNIETIGEN_OP_VERZOEK, object_type="jeugdige", object_id=target_id,
                 detail={"reden": reden, **done.detail()})
    return done
