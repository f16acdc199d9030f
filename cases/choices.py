"""The vocabulary of DOMAIN.md section 4 and the CBS codes of section 5."""

from django.db import models


class Geslacht(models.TextChoices):
    M = "M", "Man"
    V = "V", "Vrouw"
    O = "O", "Onbekend"  # noqa: E741 - the CBS code


class Aanmelder(models.TextChoices):
    ZELF = "zelf", "Zelf"
    HUISARTS = "huisarts", "Huisarts"
    POH_JEUGD = "poh_jeugd", "POH jeugd"
    SCHOOL = "school", "School"
    JGZ = "jgz", "Jeugdgezondheidszorg"
    VEILIG_THUIS = "veilig_thuis", "Veilig Thuis"
    POLITIE = "politie", "Politie"
    OVERIG = "overig", "Overig"


class Hulpsoort(models.TextChoices):
    PREVENTIEF = "preventief", "Preventief"
    LICHT = "licht", "Licht"
    MIDDELZWAAR = "middelzwaar", "Middelzwaar"
    ZWAAR = "zwaar", "Zwaar"


# Ordered light to heavy; preventief is not jeugdhulp in the sense of the CBS protocol.
HULPSOORT_ORDER = {h.value: i for i, h in enumerate(Hulpsoort)}
JEUGDHULP = frozenset({Hulpsoort.LICHT, Hulpsoort.MIDDELZWAAR, Hulpsoort.ZWAAR})


def heaviest(hulpsoorten) -> str | None:
    values = list(hulpsoorten)
    return max(values, key=HULPSOORT_ORDER.__getitem__) if values else None


class Inzet(models.TextChoices):
    """What the team was doing in a contact (DOMAIN.md section 4). Only `hulp` can be jeugdhulp in the CBS sense."""

    HULP = "hulp", "Hulp"
    ADVIES = "advies", "Advies of consultatie"
    TOEGANG = "toegang", "Toegang (triage, toeleiding, verwijzing)"
    REGIE = "regie", "Regie"


def is_hulpcontact(inzet: str, hulpsoort: str) -> bool:
    """A hulpcontact: inzet `hulp` and hulpsoort licht or heavier (DOMAIN.md section 4)."""
    return inzet == Inzet.HULP and hulpsoort in JEUGDHULP


class GeboortedatumPrecisie(models.TextChoices):
    """How much of a birth date is known (CBS: JJJJMMDD, JJJJMM00 for an unknown day, JJJJ0000 for an unknown month).

    The stored date then has day 1 (`maand`) or 1 January (`jaar`); an unborn child has no birth date at all.
    """

    DAG = "dag", "Dag, maand en jaar bekend"
    MAAND = "maand", "Dag onbekend"
    JAAR = "jaar", "Dag en maand onbekend"


def geboortedatum_tekst(geboortedatum, precisie: str, verwachte_geboortedatum=None) -> str:
    """THE way a birth date is shown: "21-01-2012", "01-2012" (day unknown), "2012" (day and month unknown),
    "verwacht 03-2027" (an unborn child: its expected month)."""
    if geboortedatum is None:
        return f"verwacht {verwachte_geboortedatum:%m-%Y}" if verwachte_geboortedatum is not None else "onbekend"
    if precisie == GeboortedatumPrecisie.JAAR:
        return f"{geboortedatum:%Y}"
    if precisie == GeboortedatumPrecisie.MAAND:
        return f"{geboortedatum:%m-%Y}"
    return f"{geboortedatum:%d-%m-%Y}"


class Status(models.TextChoices):
    AANGEMELD = "aangemeld", "Aangemeld"
    ACTIEF = "actief", "Actief"
    WAAKVLAM = "waakvlam", "Waakvlam"
    AFGESLOTEN = "afgesloten", "Afgesloten"


#: the statuses of an open dossier (all but afgesloten). Filter with `status__in=OPEN_STATUSSEN`: the planner then reads
#: the open dossiers of a team from the (team, status) index, where `exclude(status=afgesloten)` reads all of them
OPEN_STATUSSEN = [value for value in Status.values if value != Status.AFGESLOTEN]


class Vorm(models.TextChoices):
    FACE_TO_FACE = "face_to_face", "Face-to-face"
    TELEFONISCH = "telefonisch", "Telefonisch"
    VIDEO = "video", "Video"
    HUISBEZOEK = "huisbezoek", "Huisbezoek"
    SCHOOL = "school", "Op school"
    EMAIL = "email", "E-mail"
    OVERLEG = "overleg", "Overleg"


class Leeftijdsklasse(models.TextChoices):
    K0_3 = "0-3", "0-3 jaar"
    K4_11 = "4-11", "4-11 jaar"
    K12_17 = "12-17", "12-17 jaar"
    K18_22 = "18-22", "18-22 jaar"
    ONBEKEND = "onbekend", "Onbekend"


class Verwijzer(models.TextChoices):
    GEMEENTELIJKE_TOEGANG = "01", "Gemeentelijke toegang"
    HUISARTS = "02", "Huisarts"
    JEUGDARTS = "03", "Jeugdarts"
    GECERTIFICEERDE_INSTELLING = "04", "Gecertificeerde instelling"
    MEDISCH_SPECIALIST = "05", "Medisch specialist"
    GEEN_VERWIJZER = "06", "Geen verwijzer"
    RECHTER = "08", "Rechter, Raad voor de Kinderbescherming of officier van justitie"


class RedenBeeindiging(models.TextChoices):
    VOLGENS_PLAN = "01", "Beëindigd volgens plan"
    VOORTIJDIG_OVEREENSTEMMING = "02", "Voortijdig afgesloten: in overeenstemming"
    VOORTIJDIG_CLIENT = "03", "Voortijdig: eenzijdig door de cliënt"
    VOORTIJDIG_AANBIEDER = "04", "Voortijdig: eenzijdig door de aanbieder"
    VOORTIJDIG_EXTERN = "05", "Voortijdig: wegens externe omstandigheden"


class JaNeeOnbekend(models.TextChoices):
    JA = "ja", "Ja"
    NEE = "nee", "Nee"
    ONBEKEND = "onbekend", "Onbekend"


class DoelenBereikt(models.TextChoices):
    JA = "ja", "Ja"
    DEELS = "deels", "Deels"
    NEE = "nee", "Nee"
    ONBEKEND = "onbekend", "Onbekend"


class SoortDoorverwijzing(models.TextChoices):
    JEUGD_GGZ = "jeugd_ggz", "Jeugd-GGZ"
    JEUGDHULP_AMBULANT = "jeugdhulp_ambulant", "Jeugdhulp ambulant"
    DAGHULP = "daghulp", "Daghulp"
    VERBLIJF = "verblijf", "Verblijf"
    PLEEGZORG = "pleegzorg", "Pleegzorg"
    LVB = "lvb", "LVB-zorg"
    JEUGDBESCHERMING = "jeugdbescherming", "Jeugdbescherming"
    OVERIG = "overig", "Overig"


class VerwijzingStatus(models.TextChoices):
    """The outcome of a referral (DOMAIN.md section 8, recommendation 5: children "tussen wal en schip")."""

    VERWEZEN = "verwezen", "Verwezen"
    GESTART = "gestart", "Gestart"
    AFGEWEZEN = "afgewezen", "Afgewezen"
    NIET_GESTART = "niet_gestart", "Niet gestart"
