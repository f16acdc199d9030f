"""Hulpperiodes derived from a dossier's status history and contacts (DOMAIN.md section 4, definitions 2027.1).

Within a continuous stretch of status `actief`, for each jeugdige of the dossier, a hulpperiode runs from the
stretch's first hulpcontact (inzet `hulp`, hulpsoort licht or heavier) to its last one. A stretch without a
hulpcontact is no hulpperiode (the dossier is waiting). When the stretch ends (waakvlam or closure) the
hulpperiode ends on its last hulpcontact and takes the reden and outcome of that status change; otherwise it is
running (einde None). Waakvlam time is not help.

`derive` is pure. `rebuild` stores its result for SQL aggregation, and keeps ended hulpperiodes frozen: only a
running (or new) one follows the dossier; an ended one changes only through an explicit correction
(`cases.models.Correctie`), which recomputes the ended hulpperiodes whose stretch it touches, with the dossier's
categories as they were when the help ended (`dossier_categorieen`), and marks each one that changed.
"""

from dataclasses import dataclass, field, replace
from datetime import date

from cases.choices import Inzet, Status, heaviest, is_hulpcontact


@dataclass(frozen=True)
class Change:
    naar: str
    datum: date
    reden_beeindiging: str = ""
    doelen_bereikt: str = ""
    tevredenheid: int | None = None
    zonder_hulp_verder: str = ""


@dataclass(frozen=True)
class ContactFact:
    datum: date
    hulpsoort: str
    duur_minuten: int
    categorieen: frozenset = field(default_factory=frozenset)
    inzet: str = Inzet.HULP


@dataclass(frozen=True)
class Periode:
    start: date
    einde: date | None
    hulpsoort: str
    categorieen: tuple[str, ...]
    einde_door: str  # "", "waakvlam" or "afsluiting"
    reden_beeindiging: str
    aantal_contacten: int
    contactminuten: int
    actief_sinds: date | None = None
    doelen_bereikt: str = ""
    tevredenheid: int | None = None
    zonder_hulp_verder: str = ""


@dataclass(frozen=True)
class Stretch:
    """A continuous stretch of `actief`: from `start` until `until` (None: still actief), ended by `ending`."""

    start: date
    until: date | None
    ending: Change | None

    def touches(self, van: date, tot: date) -> bool:
        return self.start <= tot and (self.until is None or van <= self.until)


def stretches(changes: list[Change]) -> list[Stretch]:
    """The stretches of `actief` in a status history (ordered by date)."""
    found: list[Stretch] = []
    start = None
    for change in changes:
        if change.naar == Status.ACTIEF and start is None:
            start = change.datum
        elif change.naar in (Status.WAAKVLAM, Status.AFGESLOTEN) and start is not None:
            found.append(Stretch(start, change.datum, change))
            start = None
    if start is not None:
        found.append(Stretch(start, None, None))
    return found


def stretch_containing(changes: list[Change], datum: date) -> Stretch | None:
    """The stretch a contact of `datum` belongs to (on a boundary day: the later one), or None."""
    found = None
    for stretch in stretches(changes):
        if stretch.start <= datum and (stretch.until is None or datum <= stretch.until):
            found = stretch
    return found


def derive(changes: list[Change], contacts: list[ContactFact], dossier_hulpsoort: str, dossier_categorieen) -> list[Periode]:
    """The dossier's hulpperiodes (the same for each of its jeugdigen), in order.

    `dossier_hulpsoort` is no longer used (2027.1: a hulpperiode's hulpsoort comes from its hulpcontacts only);
    it stays in the signature for the callers written against 2026.1.
    """
    del dossier_hulpsoort
    periods: list[Periode] = []
    claimed: set[int] = set()
    # A contact on a boundary day (one stretch ends, the next starts) belongs to the later stretch.
    for stretch in reversed(stretches(changes)):
        mine = [
            i for i, c in enumerate(contacts)
            if i not in claimed and c.datum >= stretch.start and (stretch.until is None or c.datum <= stretch.until)
        ]
        claimed.update(mine)
        stretch_contacts = [contacts[i] for i in mine]
        help_contacts = [c for c in stretch_contacts if is_hulpcontact(c.inzet, c.hulpsoort)]
        if not help_contacts:
            continue  # waiting: no help yet in this stretch
        start = min(c.datum for c in help_contacts)
        ending = stretch.ending
        einde = None if ending is None else max(c.datum for c in help_contacts)
        # Counts and categories: every contact of the dossier (any inzet) within the hulpperiode.
        within = [c for c in stretch_contacts if c.datum >= start and (einde is None or c.datum <= einde)]
        categorieen = set(dossier_categorieen)
        for c in within:
            categorieen |= set(c.categorieen)
        periods.append(
            Periode(
                start=start,
                einde=einde,
                hulpsoort=heaviest(c.hulpsoort for c in help_contacts),
                categorieen=tuple(sorted(categorieen)),
                einde_door="" if ending is None else ("waakvlam" if ending.naar == Status.WAAKVLAM else "afsluiting"),
                reden_beeindiging="" if ending is None else ending.reden_beeindiging,
                aantal_contacten=len(within),
                contactminuten=sum(c.duur_minuten for c in within),
                actief_sinds=stretch.start,
                doelen_bereikt="" if ending is None else ending.doelen_bereikt,
                tevredenheid=None if ending is None else ending.tevredenheid,
                zonder_hulp_verder="" if ending is None else ending.zonder_hulp_verder,
            )
        )
    periods.reverse()
    return periods


def from_date(periods: list[Periode], vanaf: date | None, contacts: list[ContactFact], dossier_categorieen) -> list[Periode]:
    """The hulpperiodes of a child added to the dossier on `vanaf` (API.md 1.1 "Gezin"): none that ended before it; one
    that started before it starts on `vanaf`, counting only the contacts from then on. The hulpsoort stays the
    family's (of the hulpcontacts from `vanaf`, or of the whole stretch when there was none since)."""
    if vanaf is None:
        return periods
    found = []
    for p in periods:
        if p.einde is not None and p.einde < vanaf:
            continue
        if p.start < vanaf:
            within = [c for c in contacts if c.datum >= vanaf and (p.einde is None or c.datum <= p.einde)]
            help_contacts = [c for c in within if is_hulpcontact(c.inzet, c.hulpsoort)]
            categorieen = set(dossier_categorieen)
            for c in within:
                categorieen |= set(c.categorieen)
            p = replace(p, start=vanaf, aantal_contacten=len(within), contactminuten=sum(c.duur_minuten for c in within),
                        categorieen=tuple(sorted(categorieen)),
                        hulpsoort=heaviest(c.hulpsoort for c in help_contacts) if help_contacts else p.hulpsoort)
        found.append(p)
    return found


# --- storing -------------------------------------------------------------------------------------------------

# The stored fields a derived Periode sets; a correction marks a row when one of them changes.
_VALUE_FIELDS = ("start", "einde", "hulpsoort", "probleemcategorieen", "einde_door", "reden_beeindiging", "doelen_bereikt",
                 "tevredenheid", "zonder_hulp_verder", "aantal_contacten", "contactminuten", "actief_sinds")


# Added to a row's volgnummer while it moves, so that renumbering never meets the unique (dossier, jeugdige, volgnummer).
_STEP_ASIDE = 10000


def _values(p: Periode) -> dict:
    return {
        "start": p.start, "einde": p.einde, "hulpsoort": p.hulpsoort, "probleemcategorieen": list(p.categorieen),
        "einde_door": p.einde_door, "reden_beeindiging": p.reden_beeindiging, "doelen_bereikt": p.doelen_bereikt,
        "tevredenheid": p.tevredenheid, "zonder_hulp_verder": p.zonder_hulp_verder,
        "aantal_contacten": p.aantal_contacten, "contactminuten": p.contactminuten, "actief_sinds": p.actief_sinds,
    }


def _differs(row, values: dict) -> list[str]:
    return [name for name, value in values.items() if getattr(row, name) != value]


def changes_from(history) -> list[Change]:
    """Status changes (`StatusWijziging` rows, ordered by datum and id) as `derive` reads them."""
    return [
        Change(naar=s.naar, datum=s.datum, reden_beeindiging=s.reden_beeindiging, doelen_bereikt=s.doelen_bereikt,
               tevredenheid=s.tevredenheid, zonder_hulp_verder=s.zonder_hulp_verder)
        for s in history
    ]


def changes_of(dossier) -> list[Change]:
    """The status history of `dossier` as `derive` reads it (one query)."""
    return changes_from(dossier.statusgeschiedenis.order_by("datum", "id"))


def contacts_of(dossier, vanaf: date | None = None) -> list[ContactFact]:
    """The contacts of `dossier` (from `vanaf` on, when given) with their categories, as `derive` reads them (one
    query: the contacts joined to their categories, a row per category, using the index on (dossier, datum))."""
    contacten = dossier.contacten.all() if vanaf is None else dossier.contacten.filter(datum__gte=vanaf)
    found: dict = {}  # pk -> [datum, hulpsoort, duur, inzet, categories], in the order of the rows
    for pk, datum, hulpsoort, duur, inzet, code in contacten.order_by("datum", "geregistreerd_op", "pk").values_list(
            "pk", "datum", "hulpsoort", "duur_minuten", "inzet", "probleemcategorieen"):
        row = found.setdefault(pk, (datum, hulpsoort, duur, inzet, set()))
        if code is not None:
            row[4].add(code)
    return [ContactFact(datum=datum, hulpsoort=hulpsoort, duur_minuten=duur, inzet=inzet, categorieen=frozenset(codes))
            for datum, hulpsoort, duur, inzet, codes in found.values()]


def facts_of(dossier) -> tuple[list[Change], list[ContactFact], list[str]]:
    """The status history, contacts and current categories of `dossier`, as `derive` reads them (four queries)."""
    return changes_of(dossier), contacts_of(dossier), sorted(dossier.probleemcategorieen.values_list("code", flat=True))


def _contacts_needed_from(changes: list[Change], stored: list) -> date | None:
    """From which date a rebuild without a correction needs the contacts: ended hulpperiodes are frozen, so only the
    last stretch of actief, and the stretch of a stored running hulpperiode (which may just have ended), can change.
    That keeps the work of registering a contact independent of the dossier's history. None: all contacts (a dossier
    with no stored hulpperiode yet, and rows stored before definitions 2027.1, without `actief_sinds`, are derived from
    the whole history)."""
    if not stored or any(row.actief_sinds is None for row in stored):
        return None  # nothing stored yet (or rows lost): derive them all
    starts = [row.actief_sinds for row in stored if row.einde is None]
    found = stretches(changes)
    if found:
        starts.append(found[-1].start)
    return min(starts) if starts else date.max


def rebuild(dossier, *, correctie=None, changes: list[Change] | None = None) -> int:
    """Bring the stored hulpperiodes of `dossier` up to date (call inside the service's transaction).

    `changes`: the dossier's status history as `changes_of` gives it, when the caller has just read it under the
    dossier's lock (so it is not read twice); otherwise it is read here.

    Returns how many hulpperiode rows it created, changed or deleted.

    - A hulpperiode is identified by (jeugdige, actief_sinds). Without `correctie`, an ended stored one is kept
      exactly as it is (frozen); the running one, and any new one, is written from the derivation. When the running
      one ends, the dossier's categories of that moment are kept with it (`dossier_categorieen`).
    - `correctie` (anything with `datum_van` and `datum_tot`, e.g. an unsaved `Correctie`): the registration dates
      it touched. Every ended hulpperiode whose stretch contains one of them is recomputed with its own
      `dossier_categorieen`; one that no longer exists (its only hulpcontact gone) is deleted. Each recomputed row
      whose values changed, the running one included, gets `gecorrigeerd_op`.
    - Stored rows with no `actief_sinds` (written before definitions 2027.1) were never frozen: they are rewritten.
    - Without `correctie` only the contacts of the stretches that can change are read (`_contacts_needed_from`), so
      its cost does not grow with the dossier's history; a correction reads them all.
    - The anonymous hulpperiodes of a child erased from this family dossier (`cases.retention`) are frozen: kept as
      they are, not counted, not renumbered.
    """
    from django.db.models import F, OuterRef, Subquery
    from django.utils import timezone

    from cases.models import Gezinslid, Hulpperiode

    stored = list(Hulpperiode.objects.filter(dossier=dossier, jeugdige__geanonimiseerd_op__isnull=True))
    changes = changes_of(dossier) if changes is None else changes
    contacts = contacts_of(dossier, None if correctie is not None else _contacts_needed_from(changes, stored))
    current = sorted(dossier.probleemcategorieen.values_list("code", flat=True))
    # The dossier's jeugdigen (not the anonymous remainder of an erased child) and, for a child added later
    # (`Gezinslid`), the day it was added: its hulpperiodes start no earlier than that. One query.
    added = Gezinslid.objects.filter(dossier=dossier, jeugdige=OuterRef("pk")).values("vanaf")[:1]
    vanaf_of = dict(dossier.jeugdigen.filter(geanonimiseerd_op__isnull=True).annotate(vanaf=Subquery(added))
                    .order_by("pk").values_list("pk", "vanaf"))
    derived = derive(changes, contacts, dossier.hulpsoort, current)
    stretch_of = {s.start: s for s in stretches(changes)}
    touched = None if correctie is None else (correctie.datum_van, correctie.datum_tot)
    now = timezone.now()
    recomputed: dict[tuple, Periode | None] = {}

    def recompute(snapshot: list[str], actief_sinds, vanaf=None) -> Periode | None:
        key = (tuple(snapshot), actief_sinds, vanaf)
        if key not in recomputed:
            periods = from_date(derive(changes, contacts, dossier.hulpsoort, snapshot), vanaf, contacts, snapshot)
            found = [p for p in periods if p.actief_sinds == actief_sinds]
            recomputed[key] = found[0] if found else None
        return recomputed[key]

    def touches(actief_sinds, einde) -> bool:
        if touched is None:
            return False
        stretch = stretch_of.get(actief_sinds)
        if stretch is not None:
            return stretch.touches(*touched)
        # Its stretch is gone from the history (a backdated status change): its own dates decide.
        return actief_sinds is not None and actief_sinds <= touched[1] and (einde is None or touched[0] <= einde)

    jeugdigen = list(vanaf_of)
    changed = 0
    to_delete: list = []
    to_save: list = []  # (row, fields)
    to_create: list = []
    final: dict = {}  # jeugdige -> rows (kept, saved or new) in the order of their actief_sinds

    for jeugdige in jeugdigen:
        rows = [r for r in stored if r.jeugdige_id == jeugdige]
        to_delete += [r for r in rows if r.actief_sinds is None]
        rows = [r for r in rows if r.actief_sinds is not None]
        ended = {r.actief_sinds: r for r in rows if r.einde is not None}
        running = next((r for r in rows if r.einde is None), None)
        mine = []
        vanaf = vanaf_of.get(jeugdige)
        for p in from_date(derived, vanaf, contacts, current):
            if p.einde is None:
                row, running = running, None
                values = {**_values(p), "dossier_categorieen": current}
                mark = row is not None and touches(p.actief_sinds, None)
            else:
                row = ended.pop(p.actief_sinds, None)
                if row is not None:  # frozen, unless a correction touches its stretch
                    if not touches(row.actief_sinds, row.einde):
                        mine.append(row)
                        continue
                    snapshot = list(row.dossier_categorieen) or current
                    p = recompute(snapshot, p.actief_sinds, vanaf)
                    values, mark = {**_values(p), "dossier_categorieen": snapshot}, True
                else:
                    if running is not None and running.actief_sinds == p.actief_sinds:
                        row, running = running, None  # the running one ends now: keep the categories of this moment
                    values = {**_values(p), "dossier_categorieen": current}
                    mark = touched is not None and touches(p.actief_sinds, p.einde)
            if row is None:
                row = Hulpperiode(dossier=dossier, jeugdige_id=jeugdige, volgnummer=0, **values)
                if touched is not None and touches(p.actief_sinds, p.einde):
                    row.gecorrigeerd_op = now
                to_create.append(row)
                changed += 1
            else:
                fields = _differs(row, values)
                if fields:
                    for name in fields:
                        setattr(row, name, values[name])
                    if mark and any(f != "dossier_categorieen" for f in fields):
                        row.gecorrigeerd_op = now
                        fields.append("gecorrigeerd_op")
                    to_save.append((row, fields))
                    if any(f != "dossier_categorieen" for f in fields):
                        changed += 1
            mine.append(row)
        # Stored rows the derivation no longer gives: a running one follows the dossier; an ended one goes only when a
        # correction touches its stretch.
        if running is not None:
            to_delete.append(running)
            changed += 1
        for row in ended.values():
            if touches(row.actief_sinds, row.einde):
                to_delete.append(row)
                changed += 1
            else:
                mine.append(row)
        final[jeugdige] = sorted(mine, key=lambda r: r.actief_sinds)

    # Rows of jeugdigen no longer in the dossier (not anonymous): they follow the dossier's membership.
    members = set(jeugdigen)
    to_delete += [r for r in stored if r.jeugdige_id not in members]
    if to_delete:
        Hulpperiode.objects.filter(pk__in=[r.pk for r in to_delete]).delete()

    # Number each jeugdige's rows 1..n in order; an existing row that moves first steps aside (the number is unique).
    saved = {id(row): fields for row, fields in to_save}
    moving = []
    for rows in final.values():
        for n, row in enumerate(rows, start=1):
            if row.volgnummer != n:
                if row.pk is not None:
                    moving.append(row)
                    saved.setdefault(id(row), [])
                    if "volgnummer" not in saved[id(row)]:
                        saved[id(row)].append("volgnummer")
                row.volgnummer = n
    if moving:
        Hulpperiode.objects.filter(pk__in=[r.pk for r in moving]).update(volgnummer=F("volgnummer") + _STEP_ASIDE)
    for rows in final.values():
        for row in rows:
            fields = saved.get(id(row))
            if row.pk is not None and fields:
                row.save(update_fields=fields)
    if to_create:
        Hulpperiode.objects.bulk_create(to_create)
    return changed

