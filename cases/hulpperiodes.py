"""Hulpperiodes derived from a dossier's status history and contacts (DOMAIN.md section 4).

A hulpperiode is a continuous stretch of status `actief`, for each jeugdige of the dossier. It starts
on the date the dossier became actief and ends when it goes to waakvlam or is closed; its end date is
then the last contact with hulpsoort licht or heavier in that stretch (or the start date if none).
Waakvlam time is not help. `derive` is pure; `rebuild` stores its result for SQL aggregation.
"""

from dataclasses import dataclass, field
from datetime import date

from cases.choices import JEUGDHULP, Status, heaviest


@dataclass(frozen=True)
class Change:
    naar: str
    datum: date
    reden_beeindiging: str = ""


@dataclass(frozen=True)
class ContactFact:
    datum: date
    hulpsoort: str
    duur_minuten: int
    categorieen: frozenset = field(default_factory=frozenset)


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


def derive(changes: list[Change], contacts: list[ContactFact], dossier_hulpsoort: str, dossier_categorieen) -> list[Periode]:
    """The dossier's hulpperiodes (the same for each of its jeugdigen), in order."""
    stretches: list[tuple[date, date | None, Change | None]] = []
    start = None
    for change in changes:
        if change.naar == Status.ACTIEF and start is None:
            start = change.datum
        elif change.naar in (Status.WAAKVLAM, Status.AFGESLOTEN) and start is not None:
            stretches.append((start, change.datum, change))
            start = None
    if start is not None:
        stretches.append((start, None, None))

    periods: list[Periode] = []
    claimed: set[int] = set()
    # A contact on a boundary day (one stretch ends, the next starts) belongs to the later stretch.
    for start, until, ending in reversed(stretches):
        mine = [
            i for i, c in enumerate(contacts)
            if i not in claimed and c.datum >= start and (until is None or c.datum <= until)
        ]
        claimed.update(mine)
        stretch_contacts = [contacts[i] for i in mine]
        if ending is None:
            einde = None
        else:
            help_dates = [c.datum for c in stretch_contacts if c.hulpsoort in JEUGDHULP]
            einde = max(help_dates) if help_dates else start
        # Hulpsoort, categories and counts all come from the contacts within the hulpperiode.
        within = [c for c in stretch_contacts if einde is None or c.datum <= einde]
        categorieen = set(dossier_categorieen)
        for c in within:
            categorieen |= set(c.categorieen)
        periods.append(
            Periode(
                start=start,
                einde=einde,
                hulpsoort=heaviest(c.hulpsoort for c in within) or dossier_hulpsoort,
                categorieen=tuple(sorted(categorieen)),
                einde_door="" if ending is None else ("waakvlam" if ending.naar == Status.WAAKVLAM else "afsluiting"),
                reden_beeindiging="" if ending is None else ending.reden_beeindiging,
                aantal_contacten=len(within),
                contactminuten=sum(c.duur_minuten for c in within),
            )
        )
    periods.reverse()
    return periods


def rebuild(dossier) -> None:
    """Replace the stored hulpperiodes of `dossier` (call inside the service's transaction)."""
    from cases.models import Hulpperiode

    changes = [
        Change(naar=s.naar, datum=s.datum, reden_beeindiging=s.reden_beeindiging)
        for s in dossier.statusgeschiedenis.order_by("datum", "id")
    ]
    contacts = [
        ContactFact(
            datum=c.datum,
            hulpsoort=c.hulpsoort,
            duur_minuten=c.duur_minuten,
            categorieen=frozenset(cat.code for cat in c.probleemcategorieen.all()),
        )
        for c in dossier.contacten.prefetch_related("probleemcategorieen").order_by("datum", "geregistreerd_op")
    ]
    categorieen = [c.code for c in dossier.probleemcategorieen.all()]
    periods = derive(changes, contacts, dossier.hulpsoort, categorieen)
    # The anonymous hulpperiodes of a child erased from this family dossier (`cases.retention`) are frozen: kept as they are.
    Hulpperiode.objects.filter(dossier=dossier, jeugdige__geanonimiseerd_op__isnull=True).delete()
    Hulpperiode.objects.bulk_create(
        Hulpperiode(
            dossier=dossier,
            jeugdige=jeugdige,
            volgnummer=n,
            start=p.start,
            einde=p.einde,
            hulpsoort=p.hulpsoort,
            probleemcategorieen=list(p.categorieen),
            einde_door=p.einde_door,
            reden_beeindiging=p.reden_beeindiging,
            aantal_contacten=p.aantal_contacten,
            contactminuten=p.contactminuten,
        )
        for jeugdige in dossier.jeugdigen.all()
        for n, p in enumerate(periods, start=1)
    )
