"""Every read of person data. Scoped to the user's role and teams; single-object reads are audited.

Professionals and teamleiders see their own teams' jeugdigen, dossiers and contacten; every other
role sees nothing here and gets Forbidden. An object outside the scope is NotFound, exactly as if it
did not exist. The one exception is `erasure_preview`: functioneel beheer finds a jeugdige by BSN or number to
carry out a request for destruction, and sees counts only.
"""

import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from cases.choices import Status, VerwijzingStatus
from cases.models import (
    Adres,
    Betrokkene,
    Contact,
    Doorverwijzing,
    Dossier,
    Hulpperiode,
    Jeugdige,
    Relatie,
    StatusWijziging,
    naam_zoekvorm,
)
from jgt_registratie import rights
from jgt_registratie.audit import Action, Result, audit_record, audit_record_many, audit_refusal
from jgt_registratie.errors import InvalidInput, NotFound
from jgt_registratie.models import Team
from jgt_registratie.rights import Capability


def _require_case_role(user, object_type: str) -> None:
    rights.require(user, Capability.CASE_WORK, object_type=object_type)


def _team_ids(user) -> list[int]:
    """The user's teams as values (read once per request), so the planner sees the team itself (`rights.team_ids`)."""
    return rights.team_ids(user)


def dossiers_for(user) -> QuerySet[Dossier]:
    _require_case_role(user, "dossier")
    return Dossier.objects.filter(team__in=_team_ids(user))


def jeugdigen_for(user) -> QuerySet[Jeugdige]:
    _require_case_role(user, "jeugdige")
    teams = _team_ids(user)
    in_dossier = Dossier.jeugdigen.through.objects.filter(dossier__team__in=teams).values("jeugdige_id")
    return Jeugdige.objects.filter(team__in=teams) | Jeugdige.objects.filter(pk__in=in_dossier)


def contacten_for(user) -> QuerySet[Contact]:
    _require_case_role(user, "contact")
    return Contact.objects.filter(team__in=_team_ids(user))


#: what shows a jeugdige with its address: its address history with the gemeenten (`Jeugdige.huidig_adres`, `.adres_op`)
ADRESSEN = Prefetch("adressen", queryset=Adres.objects.select_related("gemeente"))


def dossier_detail_queryset(queryset: QuerySet[Dossier], *, adressen: bool = True) -> QuerySet[Dossier]:
    """A dossier with what its page and its API shape show. `adressen=False` (the API's list, which names its jeugdigen by
    id only): the jeugdigen without their address history."""
    jeugdigen = Jeugdige.objects.prefetch_related(ADRESSEN) if adressen else Jeugdige.objects.only("pk")
    return queryset.select_related("team", "regiehouder").prefetch_related(
        Prefetch("jeugdigen", queryset=jeugdigen),
        "probleemcategorieen",
        # Not the anonymous hulpperiodes of a child erased from a family dossier (`cases.retention`).
        Prefetch("hulpperiodes", queryset=Hulpperiode.objects.filter(jeugdige__geanonimiseerd_op__isnull=True)),
        "doorverwijzingen",
        Prefetch("statusgeschiedenis", queryset=StatusWijziging.objects.order_by("datum", "id")),
    )


_ARTICLE = {"dossier": "Dit", "contact": "Dit", "jeugdige": "Deze"}


def _get(queryset, pk, *, user, object_type: str, action: str):
    try:
        uuid.UUID(str(pk))
        obj = queryset.get(pk=pk)
    except (ValueError, queryset.model.DoesNotExist):
        audit_refusal(user=user, action=action, object_type=object_type, object_id=str(pk)[:64], result=Result.NIET_GEVONDEN)
        raise NotFound(f"{_ARTICLE[object_type]} {object_type} bestaat niet of valt buiten uw teams.") from None
    if action == Action.LEZEN:
        audit_record(user=user, action=action, object_type=object_type, object_id=obj.pk)
    return obj


def dossier_get(user, pk, *, action: str = Action.LEZEN) -> Dossier:
    """One dossier of the user's teams; `action` other than 'lezen' means the caller will write it (and audit)."""
    return _get(dossier_detail_queryset(dossiers_for(user)), pk, user=user, object_type="dossier", action=action)


def jeugdige_get(user, pk, *, action: str = Action.LEZEN) -> Jeugdige:
    """One jeugdige of the user's teams, with its address history prefetched (`huidig_adres`, `adressen`)."""
    return _get(jeugdigen_for(user).select_related("team").prefetch_related(ADRESSEN), pk, user=user, object_type="jeugdige", action=action)


def adressen_van(jeugdige: Jeugdige) -> list[Adres]:
    """The address history of a jeugdige the caller already read through `jeugdige_get` (scoped, audited): the first
    address (holding from the start) first, then each move by date."""
    return sorted(jeugdige.adressen.all(), key=lambda a: (a.geldig_vanaf is not None, a.geldig_vanaf))


def adres_op(jeugdige: Jeugdige, dag) -> Adres | None:
    """The address of the jeugdige on `dag` (DOMAIN.md section 7): the latest move on or before it, else the first."""
    return jeugdige.adres_op(dag)


def huidig_adres(jeugdige: Jeugdige) -> Adres | None:
    """The current address: the latest move (moves are never in the future), else the first address."""
    return jeugdige.huidig_adres


def huidig_adres_subquery(field: str, jeugdige_ref: str = "pk") -> Subquery:
    """The `field` ("gemeente_id", "postcode") of the current address of the jeugdige at OuterRef(`jeugdige_ref`), for an
    annotation: the address with the greatest `geldig_vanaf`, the first address (NULL) last."""
    current = Adres.objects.filter(jeugdige_id=OuterRef(jeugdige_ref)).order_by(F("geldig_vanaf").desc(nulls_last=True))
    return Subquery(current.values(field)[:1])


def contact_get(user, pk, *, action: str = Action.LEZEN) -> Contact:
    """One contact of the user's teams; `action` other than 'lezen' means the caller will write it (and audit)."""
    return _get(contacten_for(user).prefetch_related("probleemcategorieen"), pk, user=user, object_type="contact", action=action)



# --- reads for the web pages --------------------------------------------------------------------------


def audit_list_read(user, object_type: str, objects) -> None:
    """Audit each person-data object shown in a list (one INSERT for the page)."""
    audit_record_many(user=user, action=Action.LEZEN, object_type=object_type, object_ids=[o.pk for o in objects])


def audit_dossiers_shown(user, dossiers, *, action: str = Action.LEZEN) -> None:
    """Audit every dossier shown in a list and every jeugdige shown with it (sex, birth date): one row per object,
    as the API list writes. The dossiers' `jeugdigen` must be prefetched (no query per dossier)."""
    dossiers = list(dossiers)
    jeugdigen = dict.fromkeys(j.pk for d in dossiers for j in d.jeugdigen.all())
    with transaction.atomic(savepoint=False):  # one commit for both
        audit_record_many(user=user, action=action, object_type="dossier", object_ids=[d.pk for d in dossiers])
        audit_record_many(user=user, action=action, object_type="jeugdige", object_ids=list(jeugdigen))


def short_number(pk) -> str:
    """The dossier or jeugdige number shown in the web app: the first 8 hex digits of its UUID."""
    return str(pk)[:8]


def last_contact_of(user) -> dict:
    """Defaults for the next contact form: the user's own last contact (and last one without dossier).
    Returns field values only (no person data): team, vorm, duur_minuten, inzet, hulpsoort, gemeente, leeftijdsklasse.
    """
    mine = contacten_for(user).filter(geregistreerd_door=user).order_by("-geregistreerd_op", "-id")
    last = mine.values("team_id", "vorm", "duur_minuten", "inzet", "hulpsoort").first()
    if last is None:
        return {}
    defaults = {"team": last["team_id"], "vorm": last["vorm"], "duur_minuten": last["duur_minuten"], "inzet": last["inzet"],
                "hulpsoort": last["hulpsoort"]}
    without = mine.filter(dossier__isnull=True).values("gemeente_id", "leeftijdsklasse").first()
    if without is not None:
        defaults.update(gemeente=without["gemeente_id"], leeftijdsklasse=without["leeftijdsklasse"])
    return defaults


def _parse_date(text: str):
    for fmt in ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def uuid_prefix(text: str, field: str = "pk") -> Q | None:
    """The condition "the UUID in `field` starts with `text`" (a short number of 2 or more hex characters, dashes where
    a UUID has them) as a range on the UUID itself, so that PostgreSQL answers it from the primary key's index instead
    of casting every id to text. None when `text` cannot be the start of a UUID."""
    text = (text or "").strip().lower()
    digits = text.replace("-", "")
    if not 2 <= len(digits) <= 32 or not re.fullmatch(r"[0-9a-f]+", digits):
        return None
    low = uuid.UUID(digits.ljust(32, "0"))
    if not str(low).startswith(text):  # a dash where a UUID has none
        return None
    condition = Q(**{f"{field}__gte": low})
    following = int(digits, 16) + 1
    if following < 16 ** len(digits):
        condition &= Q(**{f"{field}__lt": uuid.UUID(f"{following:0{len(digits)}x}".ljust(32, "0"))})
    return condition


def _jeugdige_condition(text: str, prefix: str = "") -> Q | None:
    """The condition on a jeugdige (fields under `prefix`, e.g. "jeugdigen__") for a search text: a name (partial,
    case- and accent-insensitive, on the normalised `zoeknaam` with its trigram index), a BSN, a postcode of the
    CURRENT address (where the family lives now), or a birth date (dd-mm-jjjj or jjjj-mm-dd; a known birth date matches
    exactly, whatever its precision). None when the text can be none of these."""
    condition = Q(pk__in=[])
    found = False
    compact = text.replace(" ", "").upper()
    if re.fullmatch(r"[0-9]{9}", compact):
        condition |= Q(**{f"{prefix}bsn": compact})
        found = True
    if re.fullmatch(r"[1-9][0-9]{3}([A-Z]{2})?", compact):
        current = Jeugdige.objects.annotate(huidige_postcode=huidig_adres_subquery("postcode")).filter(
            huidige_postcode__startswith=compact)
        condition |= Q(**{f"{prefix}pk__in": current.values("pk")})
        found = True
    day = _parse_date(text)
    if day is not None:
        condition |= Q(**{f"{prefix}geboortedatum": day})
        found = True
    naam = naam_zoekvorm(text)
    if len(naam) >= 2 and re.search(r"[^\W\d_]", naam):  # a name has a letter; "2315" is no name
        condition |= Q(**{f"{prefix}zoeknaam__contains": naam})
        found = True
    return condition if found else None


def dossier_search_filter(queryset: QuerySet[Dossier], text: str) -> QuerySet[Dossier]:
    """Narrow dossiers by a dossier number (prefix of the UUID) or, of one of its jeugdigen, a name, BSN, postcode or
    birth date (`_jeugdige_condition`)."""
    text = (text or "").strip()
    if not text:
        return queryset
    condition = Q(pk__in=[])
    nummer = uuid_prefix(text)
    if nummer is not None:
        condition |= nummer
    # on the dossiers' own jeugdigen (a join from the scoped dossiers), not on every jeugdige of the organisation
    on_jeugdige = _jeugdige_condition(text, prefix="jeugdigen__")
    if on_jeugdige is not None:
        condition |= on_jeugdige
    return queryset.filter(pk__in=queryset.filter(condition).values("pk"))


def jeugdige_search_filter(queryset: QuerySet[Jeugdige], text: str) -> QuerySet[Jeugdige]:
    """Narrow jeugdigen by name, BSN, postcode, birth date (`_jeugdige_condition`) or number (prefix of the UUID), or the
    number of one of their dossiers."""
    text = (text or "").strip()
    if not text:
        return queryset
    condition = Q(pk__in=[])
    nummer = uuid_prefix(text)
    if nummer is not None:
        condition |= nummer
        condition |= Q(pk__in=Dossier.jeugdigen.through.objects.filter(uuid_prefix(text, "dossier_id")).values("jeugdige_id"))
    on_jeugdige = _jeugdige_condition(text)
    if on_jeugdige is not None:
        condition |= on_jeugdige
    return queryset.filter(pk__in=queryset.filter(condition).values("pk"))


def betrokkenen_van(user, dossier: Dossier) -> list[Betrokkene]:
    """The betrokkenen of a dossier the caller already read through `dossier_get` (scoped, audited), by relation and name."""
    order = {value: i for i, value in enumerate(Relatie.values)}
    found = list(Betrokkene.objects.filter(dossier=dossier, dossier__in=dossiers_for(user)))
    return sorted(found, key=lambda b: (order[b.relatie], b.naam.casefold(), str(b.pk)))


def betrokkene_get(user, dossier: Dossier, pk) -> Betrokkene:
    """One betrokkene of a dossier the caller already read through `dossier_get`; NotFound when it is not of that dossier."""
    try:
        return Betrokkene.objects.get(pk=uuid.UUID(str(pk)), dossier=dossier, dossier__in=dossiers_for(user))
    except (ValueError, Betrokkene.DoesNotExist):
        raise NotFound("Deze betrokkene bestaat niet bij dit dossier.") from None


def doorverwijzing_get(user, dossier: Dossier, pk) -> Doorverwijzing:
    """One referral of a dossier the caller already read through `dossier_get`; NotFound when it is not of that dossier."""
    try:
        return Doorverwijzing.objects.get(pk=int(str(pk)), dossier=dossier, dossier__in=dossiers_for(user))
    except (ValueError, Doorverwijzing.DoesNotExist):
        # a miss is audited like every other refused lookup (against the dossier the caller named)
        audit_refusal(user=user, action=Action.DOORVERWIJZING_WIJZIGEN, object_type="dossier", object_id=dossier.pk,
                      result=Result.NIET_GEVONDEN, detail={"doorverwijzing": str(pk)[:64]})
        raise NotFound("Deze doorverwijzing bestaat niet bij dit dossier.") from None


#: issue 12 (DOMAIN.md section 8, recommendation 5): the team sees referrals still `verwezen` after more than these days
WACHT_DREMPELS = (30, 60, 90)


def wachtende_verwijzingen(user, *, today=None) -> dict[int, dict]:
    """Per own team (by pk): the referrals still `verwezen` after more than 30, 60 and 90 days, as of `today`.

    The wait runs from the date the referral is `verwezen` since (`status_datum`, else its own `datum`); a referral of a
    closed dossier still waits (a child referred at closure is the one who may fall "tussen wal en schip"); one registered
    before referral outcomes existed and never updated since (`status_vastgelegd` False) does not. `drempels`:
    [(30, n), (60, n), (90, n)], cumulative (more than 30 days includes more than 90), counted in SQL; `groepen`: the
    referrals themselves, each once, in its longest band (more than 90 days; 61 to 90; 31 to 60), longest wait first,
    with `wacht_dagen`. The dossiers listed are audited as read.
    """
    today = today or timezone.localdate()
    teams = list(Team.objects.filter(pk__in=_team_ids(user)).order_by("naam").values_list("pk", flat=True))
    waiting = (Doorverwijzing.objects.filter(dossier__in=dossiers_for(user), status=VerwijzingStatus.VERWEZEN, status_vastgelegd=True)
               .annotate(sinds=Coalesce("status_datum", "datum"), team_id=F("dossier__team_id"))
               .filter(sinds__lt=today - timedelta(days=WACHT_DREMPELS[0])))
    counts = {row["team_id"]: row for row in waiting.values("team_id").annotate(**{
        f"n{d}": Count("id", filter=Q(sinds__lt=today - timedelta(days=d))) for d in WACHT_DREMPELS}).order_by()}
    shown = list(waiting.select_related("dossier", "dossier__regiehouder").order_by("sinds", "id"))
    result = {}
    for team_id in teams:
        row = counts.get(team_id, {})
        bands = {d: [] for d in reversed(WACHT_DREMPELS)}
        for verwijzing in (v for v in shown if v.team_id == team_id):
            verwijzing.wacht_dagen = (today - verwijzing.sinds).days
            bands[next(d for d in bands if verwijzing.wacht_dagen > d)].append(verwijzing)
        result[team_id] = {
            "drempels": [(d, row.get(f"n{d}", 0)) for d in WACHT_DREMPELS],
            "groepen": [(_band_label(d), d, bands[d]) for d in bands],
            "totaal": row.get(f"n{WACHT_DREMPELS[0]}", 0),
        }
    audit_list_read(user, "dossier", list({v.dossier_id: v.dossier for v in shown}.values()))
    return result


def _band_label(days: int) -> str:
    higher = [d for d in WACHT_DREMPELS if d > days]
    return f"{days + 1} tot en met {higher[0]} dagen" if higher else f"Meer dan {days} dagen"


def dossier_search(user, text: str, *, limit: int = 10, open_only: bool = True) -> list[Dossier]:
    """Search-as-you-type among the user's teams' dossiers; every dossier shown is audited as read."""
    queryset = dossiers_for(user)
    if open_only:

        queryset = queryset.exclude(status=Status.AFGESLOTEN)
    found = list(
        dossier_search_filter(queryset, text).select_related("regiehouder", "team").prefetch_related("jeugdigen")
        .order_by("-aanmelddatum", "id")[:limit]
    ) if (text or "").strip() else []
    audit_dossiers_shown(user, found, action=Action.ZOEKEN)
    return found


def dossier_search_total(user, text: str, *, open_only: bool = True) -> int:
    """How many dossiers `dossier_search` would find without its limit (the suggestions say so when there are more)."""
    queryset = dossiers_for(user)
    if open_only:
        queryset = queryset.exclude(status=Status.AFGESLOTEN)
    return dossier_search_filter(queryset, text).count() if (text or "").strip() else 0


def dossier_by_number(user, text: str, *, action: str = Action.LEZEN) -> Dossier | None:
    """The one open-or-closed dossier of the user's teams whose number (UUID prefix, >= 8 hex) or UUID is `text`.

    None when there is not exactly one; that miss is audited (`niet_gevonden`, under `action`), as the API's 404 is.
    The field also takes a BSN, postcode or birth date for searching, so the typed text is logged only when it
    can be nothing but a dossier number (`_loggable_number`).
    """
    text = (text or "").strip().lower()
    matches = []
    if re.fullmatch(r"[0-9a-f]{8}[0-9a-f-]{0,28}", text):
        nummer = uuid_prefix(text)
        matches = list(dossiers_for(user).filter(nummer).select_related("team")[:2]) if nummer is not None else []
    if len(matches) != 1:
        audit_refusal(user=user, action=action, object_type="dossier", object_id=_loggable_number(text), result=Result.NIET_GEVONDEN,
                      detail={"gezocht": "dossiernummer", "treffers": len(matches)})
        return None
    return matches[0]


def _loggable_number(text: str) -> str:
    """A dossier number (8 hex with a letter) or a full UUID; anything else (a BSN, a birth date, a postcode) is never logged."""
    if re.fullmatch(r"[0-9a-f]{8}", text) and not text.isdigit():
        return text
    try:
        return str(uuid.UUID(text)) if len(text) == 36 else ""
    except ValueError:
        return ""


def jeugdige_by_reference(user, text: str) -> Jeugdige | None:
    """A jeugdige of the user's teams by BSN (9 digits), number (UUID prefix, >= 8 hex) or UUID; None if not exactly one."""
    matches = _jeugdige_matches(jeugdigen_for(user), (text or "").strip().lower())
    return matches[0] if matches is not None and len(matches) == 1 else None


def _jeugdige_matches(queryset: QuerySet[Jeugdige], text: str) -> list[Jeugdige] | None:
    """Up to two jeugdigen of `queryset` whose BSN (9 digits) or number (UUID prefix, >= 8 hex) is `text`; None when
    `text` is neither."""
    if re.fullmatch(r"[0-9]{9}", text):
        return list(queryset.filter(bsn=text)[:2])
    if re.fullmatch(r"[0-9a-f]{8}[0-9a-f-]{0,28}", text):
        nummer = uuid_prefix(text)
        return list(queryset.filter(nummer)[:2]) if nummer is not None else []
    return None


def team_overview(user, *, today=None, week_start=None) -> list[dict]:
    """The teamleider's dashboard per own team: open dossiers per status, overdue waakvlam, closure requests,
    contacts this week per professional. Counts are over the same scoped querysets as the API lists."""
    rights.require(user, Capability.TEAM_OVERVIEW)
    today = today or timezone.localdate()
    week_start = week_start or today - timedelta(days=today.weekday())
    dossiers = dossiers_for(user)
    teams = list(Team.objects.filter(pk__in=_team_ids(user)).order_by("naam"))
    per_status = {(row["team_id"], row["status"]): row["n"]
                  for row in dossiers.values("team_id", "status").annotate(n=Count("id")).order_by()}
    overdue = list(dossiers.filter(status=Status.WAAKVLAM, evaluatiedatum__lt=today)
                   .select_related("regiehouder").prefetch_related("jeugdigen").order_by("evaluatiedatum", "id"))
    requests = list(dossiers.filter(afsluiting_gevraagd_op__isnull=False).exclude(status=Status.AFGESLOTEN)
                    .select_related("regiehouder").prefetch_related("jeugdigen").order_by("afsluiting_gevraagd_op", "id"))
    week = contacten_for(user).filter(datum__gte=week_start, datum__lte=today)
    per_user = {(row["team_id"], row["geregistreerd_door_id"]): row["n"]
                for row in week.values("team_id", "geregistreerd_door_id").annotate(n=Count("id")).order_by()}
    members = list(get_user_model().objects.filter(teams__in=[t.pk for t in teams], role__in=rights.roles_with(Capability.CASE_WORK),
                                                   is_active=True)
                   .values("pk", "first_name", "last_name", "username", "teams").order_by("last_name", "first_name", "username"))
    result = []
    for team in teams:
        statuses = [(s, per_status.get((team.pk, s.value), 0)) for s in Status if s != Status.AFGESLOTEN]
        people = [(" ".join(filter(None, [m["first_name"], m["last_name"]])) or m["username"], per_user.get((team.pk, m["pk"]), 0))
                  for m in members if m["teams"] == team.pk]
        week_total = sum(n for (t, _), n in per_user.items() if t == team.pk)
        if week_total > sum(n for _, n in people):  # contacts by people no longer (active) in the team still count
            people.append(("Anderen (niet meer actief in dit team)", week_total - sum(n for _, n in people)))
        result.append({
            "team": team,
            "per_status": statuses,
            "open_total": sum(n for _, n in statuses),
            "waakvlam_verlopen": [d for d in overdue if d.team_id == team.pk],
            "afsluitverzoeken": [d for d in requests if d.team_id == team.pk],
            "contacten_per_professional": people,
            "contacten_week": week_total,
        })
    audit_list_read(user, "dossier", overdue + requests)
    # the team's own figures (counts per status, contacts per professional by name) are a read of the team
    audit_record_many(user=user, action=Action.LEZEN, object_type="team", object_ids=[t.pk for t in teams])
    return result


def dossier_page_data(user, dossier: Dossier) -> dict:
    """What the dossier page lists besides the dossier itself; the contacts shown are audited as read."""
    contacten = list(contacten_for(user).filter(dossier=dossier).select_related("geregistreerd_door")
                     .prefetch_related("probleemcategorieen").order_by("-datum", "-geregistreerd_op"))
    history = list(StatusWijziging.objects.filter(dossier=dossier, dossier__in=dossiers_for(user)).select_related("door").order_by("datum", "id"))
    with transaction.atomic(savepoint=False):  # one commit for both
        audit_record_many(user=user, action=Action.LEZEN, object_type="contact", object_ids=[c.pk for c in contacten])
        audit_record_many(user=user, action=Action.LEZEN, object_type="jeugdige", object_ids=[j.pk for j in dossier.jeugdigen.all()])
    return {"contacten": contacten, "statusgeschiedenis": history}


# --- erasure on request (issue 9): the beheerder's confirmation, without dossier contents --------------------------


@dataclass(frozen=True)
class ErasurePreview:
    """What the beheerder sees before destroying a jeugdige's data: enough to be sure it is the right child (number,
    team, gemeente, birth year) and to know what goes, as counts; never dossier contents."""

    jeugdige: Jeugdige
    nummer: str
    team: str
    gemeente: str
    geboortejaar: int | None  # None: not born yet
    eigen_dossiers: int
    contacten: int
    gezinsdossiers: int


def erasure_preview(user, text: str) -> ErasurePreview:
    """The jeugdige named by BSN (9 digits), number (the first 8 or more hex digits of its UUID) or UUID, for erasure.

    Functioneel beheer only (`Capability.ERASURE`); the lookup is audited as a read, a miss as `niet_gevonden`."""
    rights.require(user, Capability.ERASURE, action=Action.LEZEN, object_type="jeugdige")
    text = (text or "").strip().lower().replace(" ", "").replace(".", "")
    matches = _jeugdige_matches(Jeugdige.objects.filter(geanonimiseerd_op__isnull=True).select_related("team").prefetch_related(ADRESSEN), text)
    if matches is None:
        raise InvalidInput.one("nummer", "ongeldig_nummer", "Vul het BSN (9 cijfers) of het nummer van de jeugdige in "
                                                             "(de eerste 8 tekens, zoals op het scherm van het team).")
    if len(matches) != 1:
        audit_refusal(user=user, action=Action.LEZEN, object_type="jeugdige", object_id=_loggable_number(text), result=Result.NIET_GEVONDEN,
                      detail={"doel": "vernietigen_op_verzoek", "treffers": len(matches)})  # a typed BSN is never logged
        raise NotFound("Geen jeugdige gevonden met dit BSN of nummer." if not matches
                       else "Dit nummer past bij meer dan één jeugdige: geef meer tekens of het BSN.")
    jeugdige = matches[0]
    dossiers = Dossier.objects.filter(jeugdigen=jeugdige).annotate(leden=Count("jeugdigen", distinct=True))
    eigen = [d.pk for d in dossiers if d.leden == 1]
    audit_record(user=user, action=Action.LEZEN, object_type="jeugdige", object_id=jeugdige.pk, detail={"doel": "vernietigen_op_verzoek"})
    return ErasurePreview(
        jeugdige=jeugdige, nummer=short_number(jeugdige.pk), team=jeugdige.team.naam, gemeente=jeugdige.huidig_adres.gemeente.naam,
        geboortejaar=None if jeugdige.ongeboren else jeugdige.geboortedatum.year, eigen_dossiers=len(eigen), contacten=Contact.objects.filter(dossier__in=eigen).count(),
        gezinsdossiers=sum(1 for d in dossiers if d.leden > 1),
    )
