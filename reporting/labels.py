"""Readable Dutch names for the breakdown cells of the indicators, for people (dashboard, XLSX).

The JSON and CSV keep the stable codes of API.md (`dimensie`, `categorie`); a page or sheet meant for reading
shows these names next to or instead of them. Unknown codes fall back to the code itself, never to nothing.
"""

from cases.choices import Aanmelder, Geslacht, Hulpsoort, Inzet, RedenBeeindiging, SoortDoorverwijzing, Verwijzer, Vorm
from cases.models import Hulpperiode, Probleemcategorie

DIMENSIES = {
    "hulpsoort": "hulpsoort", "vorm": "vorm", "inzet": "inzet", "dossier": "dossier", "herhaald_beroep": "herhaald beroep",
    "reden_beeindiging": "reden beëindiging", "einde_door": "beëindigd door", "duur_maanden": "duur", "evaluatiedatum_verstreken": "evaluatiedatum verstreken",
    "probleemcategorie": "probleemcategorie", "soort": "soort doorverwijzing", "aanmelder": "aanmelder", "kengetal": "kengetal",
    "wijk": "wijk",
}

KENGETALLEN = {
    "gemiddeld_per_jeugdige_met_hulp": "gemiddeld per jeugdige met hulp (minuten)",
    "per_100_jeugdigen_met_hulp": "per 100 jeugdigen met hulp",
    "gemiddelde_tevredenheid": "gemiddelde tevredenheid (1-5)",
    "kosten_hulp": "kosten van de hulp (euro)",
    "kosten_per_hulpperiode": "kosten per hulpperiode (euro)",
    "kosten_per_jeugdige": "kosten per jeugdige (euro)",
    "mediane_duur_beeindigde_hulpperiodes_dagen": "mediane duur beëindigde hulpperiodes (dagen)",
    "pct_binnen_1_dag": "% binnen 1 dag geregistreerd",
    "pct_doelen_bereikt": "% doelen bereikt (ja of deels)",
    "pct_uitval": "% uitval (reden 02-05)",
    "pct_volgens_plan": "% volgens plan (reden 01)",
    "pct_zonder_hulp_verder": "% zonder hulp verder",
}

_VASTE = {
    "hulpsoort": dict(Hulpsoort.choices),
    "vorm": dict(Vorm.choices),
    "inzet": dict(Inzet.choices),
    "reden_beeindiging": {code: f"{code} {naam}" for code, naam in RedenBeeindiging.choices},
    "einde_door": {Hulpperiode.EindeDoor.WAAKVLAM: "waakvlam", Hulpperiode.EindeDoor.AFSLUITING: "afsluiting van het dossier"},
    "soort": dict(SoortDoorverwijzing.choices),
    "aanmelder": dict(Aanmelder.choices),
    "dossier": {"met": "met dossier", "zonder": "zonder dossier"},
    "herhaald_beroep": {"ja": "ja", "nee": "nee"},
    "evaluatiedatum_verstreken": {"ja": "ja", "nee": "nee"},
    "duur_maanden": {"0-3": "0-3 maanden", "3-6": "3-6 maanden", "6-12": "6-12 maanden", ">12": "meer dan 12 maanden"},
    "kengetal": KENGETALLEN,
    # a wijk's name travels with its cell (`naam`); only the category without a wijk has a fixed one
    "wijk": {"onbekend": "Wijk onbekend"},
}


def probleemcategorie_names() -> dict[str, str]:
    """The current names of the probleemcategorieën (one query; names can change, codes stay)."""
    return dict(Probleemcategorie.objects.values_list("code", "naam"))


def categorie_label(dimensie: str | None, categorie: str | None, *, probleemcategorieen: dict[str, str] | None = None) -> str:
    if dimensie is None:
        return "totaal"
    if dimensie == "probleemcategorie":
        return (probleemcategorieen or {}).get(categorie, categorie)
    return _VASTE.get(dimensie, {}).get(categorie, categorie)


def dimensie_label(dimensie: str | None) -> str:
    return "" if dimensie is None else DIMENSIES.get(dimensie, dimensie)


def categorie_omschrijving(dimensie: str | None, categorie: str | None, *, probleemcategorieen: dict[str, str] | None = None) -> str:
    """The description beside a categorie code (XLSX "categorie (omschrijving)"): as `categorie_label`, but a reden
    without its code in front, since the code stands in the column beside it; empty for a total."""
    if dimensie is None:
        return ""
    if dimensie == "reden_beeindiging":
        return dict(RedenBeeindiging.choices).get(categorie, categorie)
    return categorie_label(dimensie, categorie, probleemcategorieen=probleemcategorieen)


#: Descriptions of the codes in the CBS records (DOMAIN.md sections 5 and 6), for the XLSX column
#: "<kolom> (omschrijving)" beside each code column; the code columns themselves stay as the protocol writes them.
CBS_CODES = {
    "geslacht": dict(Geslacht.choices),
    "verwijzer": dict(Verwijzer.choices),
    "hulpvorm": {"01": "Uitgevoerd door het wijk- of buurtteam"},
    "reden_beeindiging": dict(RedenBeeindiging.choices),
    "hulpsoort": dict(Hulpsoort.choices),
    "probleemcategorieen": None,  # the current names of the probleemcategorieën, see cbs_omschrijving
}


def cbs_omschrijving(kolom: str, code: str | None, *, probleemcategorieen: dict[str, str]) -> str:
    """The description of a CBS record code; a list of probleemcategorieën ("01;07") becomes their names, "; "-joined."""
    if not code:
        return ""
    if kolom == "probleemcategorieen":
        return "; ".join(probleemcategorieen.get(c, c) for c in code.split(";"))
    return CBS_CODES[kolom].get(code, code)
