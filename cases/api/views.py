"""Case endpoints of API.md. Every queryset comes from a scoped selector; every write from a service."""

import uuid

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from cases import selectors, services
from cases.api.serializers import (
    ActiverenInput,
    AdresInput,
    AdresSerializer,
    AfsluitenInput,
    AfsluitverzoekInput,
    BetrokkeneInput,
    BetrokkenePatchInput,
    BetrokkeneSerializer,
    ContactInput,
    ContactPatchInput,
    ContactSerializer,
    DoorverwijzingInput,
    DoorverwijzingPatchInput,
    DoorverwijzingSerializer,
    DossierInput,
    DossierPatchInput,
    DossierSerializer,
    GezinslidInput,
    HeropenenInput,
    JeugdigeInput,
    JeugdigeOverdragenInput,
    JeugdigePatchInput,
    JeugdigeSerializer,
    KoppelenInput,
    OverdragenInput,
    WaakvlamInput,
)
from cases.choices import Hulpsoort, Inzet, Status
from cases.models import Contact, Dossier, Jeugdige
from jgt_registratie import rights
from jgt_registratie.api.base import ScopedCaseViewSet
from jgt_registratie.audit import Action, Result, audit_record_many, audit_refusal
from jgt_registratie.errors import Errors, InvalidInput
from jgt_registratie.models import Gemeente, Team, User
from jgt_registratie.rights import Capability

IF_MATCH = OpenApiParameter("If-Match", str, OpenApiParameter.HEADER, required=False,
                            description="De ETag van het dossier; bij een verouderde waarde volgt 412.")


def _validated(serializer_class, request, **kwargs):
    serializer = serializer_class(data=request.data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _is_uuid(value) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def _team(pk):
    return Team.objects.filter(pk=pk).first()


def _gemeente(code):
    if code is None:
        return None
    gemeente = Gemeente.objects.filter(code=code).first()
    if gemeente is None:
        raise InvalidInput.one("gemeente", "onbekende_gemeente", f"Onbekende gemeentecode '{code}'.")
    return gemeente


def _colleague(pk):
    if pk is None:
        return None
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None:
        raise InvalidInput.one("regiehouder", "onbekende_gebruiker", "Onbekende regiehouder.")
    return user


def _dossier_response(dossier, status_code=status.HTTP_200_OK, headers=None):
    dossier = selectors.dossier_detail_queryset(Dossier.objects.filter(pk=dossier.pk)).get()
    return Response(DossierSerializer(dossier).data, status=status_code, headers={"ETag": dossier.etag, **(headers or {})})


SEARCH_HELP = ("Zoek op naam (deel van de naam, hoofdletters en accenten maken niet uit), BSN, postcode, geboortedatum "
               "(dd-mm-jjjj of jjjj-mm-dd) of dossiernummer (het begin van het id).")


class _SearchFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", max_length=100, help_text=SEARCH_HELP)


class JeugdigeFilter(_SearchFilter):
    team = django_filters.NumberFilter(field_name="team_id")

    class Meta:
        model = Jeugdige
        fields = ["q", "team"]

    def search(self, queryset, name, value):
        return selectors.jeugdige_search_filter(queryset, value)


class JeugdigeViewSet(ScopedCaseViewSet):
    selector = staticmethod(selectors.jeugdigen_for)
    model = Jeugdige
    audit_object_type = "jeugdige"
    serializer_class = JeugdigeSerializer
    filterset_class = JeugdigeFilter

    @extend_schema(summary="Jeugdigen van de eigen teams", operation_id="jeugdigenLijst")
    def list(self, request):
        # every filter is a semi-join (`selectors`), so each jeugdige comes once without a DISTINCT
        queryset = self.filter_queryset(self.get_queryset()).prefetch_related(selectors.ADRESSEN).order_by(
            "achternaam", "voornamen", "aangemaakt_op", "id")
        return self.paginate_and_audit(queryset, JeugdigeSerializer)

    @extend_schema(request=JeugdigePatchInput, responses=JeugdigeSerializer, extensions={"x-problems": ["409"]},
                   summary="Jeugdige corrigeren", operation_id="jeugdigeWijzigen")
    def partial_update(self, request, pk=None):
        # Corrects name, BSN, geboortedatum (with precision, or the expected date) and geslacht; audited with the old
        # and new values. A changed birth date or geslacht is a correction of the exports (Correctie).
        jeugdige = selectors.jeugdige_get(request.user, pk, action=Action.SCHRIJVEN)
        data = _validated(JeugdigePatchInput, request)
        names = {"geboortedatumPrecisie": "geboortedatum_precisie", "verwachteGeboortedatum": "verwachte_geboortedatum"}
        changes = {names.get(key, key): value for key, value in data.items()}
        jeugdige = services.jeugdige_update(user=request.user, jeugdige=jeugdige, **changes)
        return Response(JeugdigeSerializer(selectors.jeugdige_get(request.user, jeugdige.pk)).data)

    @extend_schema(request=JeugdigeInput, responses={201: JeugdigeSerializer}, extensions={"x-problems": ["409"]},
                   summary="Jeugdige registreren", operation_id="jeugdigeRegistreren")
    def create(self, request):
        data = _validated(JeugdigeInput, request)
        _check_ongeboren(data)
        jeugdige = services.jeugdige_register(
            user=request.user, team=_team(data["team"]), bsn=data.get("bsn"), geboortedatum=data.get("geboortedatum"),
            geboortedatum_precisie=data["geboortedatumPrecisie"], verwachte_geboortedatum=data.get("verwachteGeboortedatum"),
            geslacht=data["geslacht"], postcode=data.get("postcode"), gemeente=_gemeente(data["gemeente"]),
            voornamen=data.get("voornamen"), tussenvoegsel=data.get("tussenvoegsel"), achternaam=data.get("achternaam"),
        )
        return Response(JeugdigeSerializer(jeugdige).data, status=status.HTTP_201_CREATED,
                        headers={"Location": f"/api/v1/jeugdigen/{jeugdige.pk}"})

    @extend_schema(responses=JeugdigeSerializer, summary="Jeugdige opvragen", operation_id="jeugdigeOpvragen")
    def retrieve(self, request, pk=None):
        return Response(JeugdigeSerializer(selectors.jeugdige_get(request.user, pk)).data)

    @extend_schema(methods=["GET"], request=None, responses=AdresSerializer(many=True),
                   summary="Adresgeschiedenis van een jeugdige", operation_id="jeugdigeAdressen")
    @extend_schema(methods=["POST"], request=AdresInput, responses={201: AdresSerializer}, extensions={"x-problems": ["409"]},
                   summary="Verhuizing vastleggen", operation_id="jeugdigeVerhuizing")
    @action(detail=True, methods=["get", "post"], url_path="adressen", pagination_class=None, filter_backends=[])
    def adressen(self, request, pk=None):
        # GET: the address history, the first address (geldigVanaf null, holding from the start) first.
        # POST: a move, a new address from geldigVanaf; the old one is kept.
        if request.method == "GET":
            jeugdige = selectors.jeugdige_get(request.user, pk)
            return Response(AdresSerializer(selectors.adressen_van(jeugdige), many=True).data)
        jeugdige = selectors.jeugdige_get(request.user, pk, action=Action.SCHRIJVEN)
        data = _validated(AdresInput, request)
        adres = services.adres_register(user=request.user, jeugdige=jeugdige, postcode=data.get("postcode"),
                                        gemeente=_gemeente(data["gemeente"]), geldig_vanaf=data["geldigVanaf"])
        return Response(AdresSerializer(adres).data, status=status.HTTP_201_CREATED,
                        headers={"Location": f"/api/v1/jeugdigen/{jeugdige.pk}/adressen"})

    @extend_schema(request=JeugdigeOverdragenInput, responses=JeugdigeSerializer, extensions={"x-problems": ["409"]},
                   summary="Jeugdige zonder dossier overdragen aan een ander team (teamleider)", operation_id="jeugdigeOverdragen",
                   description="Nieuw in 1.1. Voor een jeugdige die het eigen team kent zonder dossier (\"een bekend BSN bij een ander "
                               "team\"): de jeugdige gaat naar het gekozen team, dat haar vanaf dan ziet; het eigen team niet meer. "
                               "Een jeugdige in een dossier van het eigen team gaat mee met dat dossier "
                               "(`POST /dossiers/{id}/overdragen`): dan volgt 409 met `andereDossiers`.")
    @action(detail=True, methods=["post"], url_path="overdragen")
    def overdragen(self, request, pk=None):
        # The teamleider of the jeugdige's team hands a jeugdige without dossier to another team (audited).
        jeugdige = selectors.jeugdige_get(request.user, pk, action=Action.SCHRIJVEN)
        data = _validated(JeugdigeOverdragenInput, request)
        jeugdige = services.jeugdige_handover(user=request.user, jeugdige=jeugdige, team=_team(data["team"]))
        return Response(JeugdigeSerializer(jeugdige).data)


def _check_ongeboren(data) -> None:
    """`ongeboren: true` goes with a verwachteGeboortedatum and without a geboortedatum; false with neither of the two
    forms of the other (the service then asks the missing one)."""
    errors = Errors()
    if data["ongeboren"]:
        if "geboortedatum" in data:
            errors.add("geboortedatum", "ongeboren_met_geboortedatum", "Een kind dat nog niet geboren is, heeft geen geboortedatum: "
                                                                        "laat die weg en geef de verwachteGeboortedatum.")
        if "verwachteGeboortedatum" not in data:
            errors.add("verwachteGeboortedatum", "verplicht", "Geef bij een kind dat nog niet geboren is de verwachte geboortedatum.")
    elif "verwachteGeboortedatum" in data:
        errors.add("verwachteGeboortedatum", "alleen_ongeboren", "Een verwachte geboortedatum hoort alleen bij een kind dat nog niet "
                                                                  "geboren is (ongeboren: true).")
    errors.raise_if_any()


DOORVERWIJZING_ID = OpenApiParameter("rid", OpenApiTypes.INT, OpenApiParameter.PATH, description="Het id van de doorverwijzing.")
BETROKKENE_ID = OpenApiParameter("bid", OpenApiTypes.UUID, OpenApiParameter.PATH, description="Het id van de betrokkene.")


class _BetrokkenenMixin:
    @extend_schema(methods=["GET"], request=None, responses=BetrokkeneSerializer(many=True),
                   summary="Betrokkenen van een dossier", operation_id="dossierBetrokkenen")
    @extend_schema(methods=["POST"], request=BetrokkeneInput, responses={201: BetrokkeneSerializer},
                   summary="Betrokkene toevoegen", operation_id="dossierBetrokkeneToevoegen")
    @action(detail=True, methods=["get", "post"], url_path="betrokkenen", pagination_class=None, filter_backends=[])
    def betrokkenen(self, request, pk=None):
        # Parents, guardians, foster parents or others, to reach the family; never in an export or report.
        if request.method == "GET":
            dossier = selectors.dossier_get(request.user, pk)
            return Response(BetrokkeneSerializer(selectors.betrokkenen_van(request.user, dossier), many=True).data)
        dossier = selectors.dossier_get(request.user, pk, action=Action.SCHRIJVEN)
        data = _validated(BetrokkeneInput, request)
        betrokkene = services.betrokkene_add(user=request.user, dossier=dossier, naam=data["naam"], relatie=data["relatie"],
                                             telefoon=data.get("telefoon", ""), email=data.get("email", ""))
        return Response(BetrokkeneSerializer(betrokkene).data, status=status.HTTP_201_CREATED,
                        headers={"Location": f"/api/v1/dossiers/{dossier.pk}/betrokkenen/{betrokkene.pk}"})

    @extend_schema(methods=["PATCH"], request=BetrokkenePatchInput, responses=BetrokkeneSerializer, parameters=[BETROKKENE_ID],
                   summary="Betrokkene wijzigen", operation_id="dossierBetrokkeneWijzigen")
    @extend_schema(methods=["DELETE"], request=None, responses={204: None}, parameters=[BETROKKENE_ID],
                   summary="Betrokkene verwijderen", operation_id="dossierBetrokkeneVerwijderen")
    @action(detail=True, methods=["patch", "delete"], url_path=r"betrokkenen/(?P<bid>[^/.]+)")
    def betrokkene(self, request, pk=None, bid=None):
        dossier = selectors.dossier_get(request.user, pk, action=Action.SCHRIJVEN)
        betrokkene = selectors.betrokkene_get(request.user, dossier, bid)
        if request.method == "DELETE":
            services.betrokkene_delete(user=request.user, dossier=dossier, betrokkene=betrokkene)
            return Response(status=status.HTTP_204_NO_CONTENT)
        data = _validated(BetrokkenePatchInput, request)
        betrokkene = services.betrokkene_update(user=request.user, dossier=dossier, betrokkene=betrokkene, **data)
        return Response(BetrokkeneSerializer(betrokkene).data)


class DossierFilter(_SearchFilter):
    status = django_filters.ChoiceFilter(choices=Status.choices)
    team = django_filters.NumberFilter(field_name="team_id")
    hulpsoort = django_filters.ChoiceFilter(choices=Hulpsoort.choices)
    jeugdige = django_filters.UUIDFilter(method="of_jeugdige")

    class Meta:
        model = Dossier
        fields = ["status", "team", "hulpsoort", "jeugdige", "q"]

    def search(self, queryset, name, value):
        return selectors.dossier_search_filter(queryset, value)

    def of_jeugdige(self, queryset, name, value):
        # a semi-join, not a join: each dossier once, so the list needs no DISTINCT over all its columns
        return queryset.filter(pk__in=Dossier.jeugdigen.through.objects.filter(jeugdige_id=value).values("dossier_id"))


class DossierViewSet(_BetrokkenenMixin, ScopedCaseViewSet):
    selector = staticmethod(selectors.dossiers_for)
    model = Dossier
    audit_object_type = "dossier"
    serializer_class = DossierSerializer
    filterset_class = DossierFilter

    def _locked_for_write(self, pk):
        return selectors.dossier_get(self.request.user, pk, action=Action.SCHRIJVEN)

    @extend_schema(summary="Dossiers van de eigen teams", operation_id="dossiersLijst")
    def list(self, request):
        queryset = selectors.dossier_detail_queryset(self.filter_queryset(self.get_queryset()), adressen=False).order_by("-aanmelddatum", "id")
        return self.paginate_and_audit(queryset, DossierSerializer)

    @extend_schema(request=DossierInput, responses={201: DossierSerializer}, summary="Dossier openen", operation_id="dossierOpenen")
    def create(self, request):
        data = _validated(DossierInput, request)
        ids = list(dict.fromkeys(data["jeugdigen"]))
        jeugdigen = list(selectors.jeugdigen_for(request.user).filter(pk__in=ids))
        if len(jeugdigen) != len(ids):
            found = {j.pk for j in jeugdigen}
            audit_record_many(user=request.user, action=Action.DOSSIER_OPENEN, object_type="jeugdige",
                              object_ids=[i for i in ids if i not in found], result=Result.NIET_GEVONDEN)
            raise InvalidInput.one("jeugdigen", "onbekende_jeugdige", "Een of meer jeugdigen bestaan niet of vallen buiten uw teams.")
        dossier = services.dossier_open(
            user=request.user, team=_team(data["team"]), jeugdigen=jeugdigen, aanmelddatum=data["aanmelddatum"],
            aanmelder=data["aanmelder"], hulpsoort=data["hulpsoort"], probleemcategorieen=data["probleemcategorieen"],
            gestart_met_crisis=data["gestartMetCrisis"], verwijzer=data.get("verwijzer"),
            regiehouder=_colleague(data.get("regiehouder")),
        )
        return _dossier_response(dossier, status.HTTP_201_CREATED, {"Location": f"/api/v1/dossiers/{dossier.pk}"})

    @extend_schema(summary="Dossier opvragen", operation_id="dossierOpvragen")
    def retrieve(self, request, pk=None):
        dossier = selectors.dossier_get(request.user, pk)
        return Response(DossierSerializer(dossier).data, headers={"ETag": dossier.etag})

    @extend_schema(request=DossierPatchInput, parameters=[IF_MATCH], extensions={"x-problems": ["409", "412"]},
                   summary="Dossier wijzigen", operation_id="dossierWijzigen")
    def partial_update(self, request, pk=None):
        dossier = self._locked_for_write(pk)
        data = _validated(DossierPatchInput, request)
        changes = {}
        if "hulpsoort" in data:
            changes["hulpsoort"] = data["hulpsoort"]
        if "probleemcategorieen" in data:
            changes["probleemcategorieen"] = data["probleemcategorieen"]
        if "gestartMetCrisis" in data:
            changes["gestart_met_crisis"] = data["gestartMetCrisis"]
        if "regiehouder" in data:
            changes["regiehouder"] = _colleague(data["regiehouder"])
        dossier = services.dossier_update(user=request.user, dossier=dossier, if_match=request.headers.get("If-Match"), **changes)
        return _dossier_response(dossier)

    @extend_schema(request=ActiverenInput, responses=DossierSerializer, parameters=[IF_MATCH],
                   extensions={"x-problems": ["409", "412"]}, summary="Dossier activeren", operation_id="dossierActiveren")
    @action(detail=True, methods=["post"], url_path="activeren")
    def activeren(self, request, pk=None):
        dossier = self._locked_for_write(pk)
        data = _validated(ActiverenInput, request)
        dossier = services.dossier_activate(user=request.user, dossier=dossier, datum=data.get("datum"),
                                            if_match=request.headers.get("If-Match"))
        return _dossier_response(dossier)

    @extend_schema(request=WaakvlamInput, responses=DossierSerializer, parameters=[IF_MATCH],
                   extensions={"x-problems": ["409", "412"]}, summary="Dossier in waakvlam zetten", operation_id="dossierWaakvlam")
    @action(detail=True, methods=["post"], url_path="waakvlam")
    def waakvlam(self, request, pk=None):
        dossier = self._locked_for_write(pk)
        data = _validated(WaakvlamInput, request)
        dossier = services.dossier_waakvlam(
            user=request.user, dossier=dossier, datum=data.get("datum"), evaluatiedatum=data["evaluatiedatum"],
            reden_beeindiging=data["redenBeeindiging"], doelen_bereikt=data["doelenBereikt"], tevredenheid=data.get("tevredenheid"),
            zonder_hulp_verder=data["zonderHulpVerder"], if_match=request.headers.get("If-Match"),
        )
        return _dossier_response(dossier)

    @extend_schema(request=AfsluitenInput, responses=DossierSerializer, parameters=[IF_MATCH],
                   extensions={"x-problems": ["409", "412"]}, summary="Dossier afsluiten (teamleider)", operation_id="dossierAfsluiten")
    @action(detail=True, methods=["post"], url_path="afsluiten")
    def afsluiten(self, request, pk=None):
        dossier = self._locked_for_write(pk)
        data = _validated(AfsluitenInput, request)
        dossier = services.dossier_close(
            user=request.user, dossier=dossier, einddatum=data["einddatum"], reden_beeindiging=data["redenBeeindiging"],
            doelen_bereikt=data["doelenBereikt"], tevredenheid=data.get("tevredenheid"),
            zonder_hulp_verder=data["zonderHulpVerder"], if_match=request.headers.get("If-Match"),
        )
        return _dossier_response(dossier)

    @extend_schema(request=HeropenenInput, responses=DossierSerializer, parameters=[IF_MATCH],
                   extensions={"x-problems": ["409", "412"]}, summary="Dossier heropenen (teamleider)", operation_id="dossierHeropenen")
    @action(detail=True, methods=["post"], url_path="heropenen")
    def heropenen(self, request, pk=None):
        dossier = self._locked_for_write(pk)
        data = _validated(HeropenenInput, request)
        dossier = services.dossier_reopen(user=request.user, dossier=dossier, datum=data["datum"],
                                          if_match=request.headers.get("If-Match"))
        return _dossier_response(dossier)

    @extend_schema(request=AfsluitverzoekInput, responses=DossierSerializer, extensions={"x-problems": ["409"]},
                   summary="Teamleider vragen het dossier af te sluiten", operation_id="dossierAfsluitverzoek",
                   description="Zonder body (1.0) of met een optionele toelichting die de teamleider ziet (1.1).")
    @action(detail=True, methods=["post"], url_path="afsluitverzoek")
    def afsluitverzoek(self, request, pk=None):
        dossier = self._locked_for_write(pk)
        data = _validated(AfsluitverzoekInput, request) if request.data else {}
        dossier = services.dossier_request_closure(user=request.user, dossier=dossier, toelichting=data.get("toelichting"))
        return _dossier_response(dossier)

    @extend_schema(request=GezinslidInput, responses={201: DossierSerializer}, extensions={"x-problems": ["409"]},
                   summary="Jeugdige aan een dossier toevoegen", operation_id="dossierJeugdigeToevoegen",
                   description="Voegt een jeugdige van hetzelfde team toe (een broer of zus); in een lopende actieve periode "
                               "krijgt die een hulpperiode vanaf de datum (standaard vandaag).")
    @action(detail=True, methods=["post"], url_path="jeugdigen")
    def jeugdigen(self, request, pk=None):
        dossier = self._locked_for_write(pk)
        data = _validated(GezinslidInput, request)
        jeugdige = selectors.jeugdigen_for(request.user).filter(pk=data["jeugdige"]).first()
        if jeugdige is None:
            audit_refusal(user=request.user, action=Action.GEZINSLID_TOEVOEGEN, object_type="jeugdige",
                          object_id=data["jeugdige"], result=Result.NIET_GEVONDEN)
            raise InvalidInput.one("jeugdige", "onbekende_jeugdige", "Deze jeugdige bestaat niet of valt buiten uw teams.")
        dossier = services.gezinslid_add(user=request.user, dossier=dossier, jeugdige=jeugdige, datum=data.get("datum"))
        return _dossier_response(dossier, status.HTTP_201_CREATED, {"Location": f"/api/v1/dossiers/{dossier.pk}"})

    @extend_schema(request=None, responses={204: None}, extensions={"x-problems": ["409"]},
                   parameters=[OpenApiParameter("jid", str, OpenApiParameter.PATH, description="Id van de jeugdige")],
                   summary="Jeugdige uit een dossier verwijderen (teamleider)", operation_id="dossierJeugdigeVerwijderen",
                   description="Voor een jeugdige die per vergissing is toegevoegd: zijn hulpperiodes in dit dossier vervallen "
                               "(een correctie). Nooit de laatste jeugdige.")
    @action(detail=True, methods=["delete"], url_path=r"jeugdigen/(?P<jid>[^/.]+)")
    def jeugdige_verwijderen(self, request, pk=None, jid=None):
        dossier = self._locked_for_write(pk)
        # the service refuses (audited) a professional first, then a child that is not in this dossier
        jeugdige = dossier.jeugdigen.filter(pk=jid).first() if _is_uuid(jid) else None
        services.gezinslid_remove(user=request.user, dossier=dossier, jeugdige=jeugdige)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=OverdragenInput, responses=DossierSerializer, extensions={"x-problems": ["409"]},
                   summary="Dossier overdragen aan een ander team (teamleider)", operation_id="dossierOverdragen",
                   description="Het dossier, zijn contacten en jeugdigen gaan naar het andere team. Regiehouder wordt de "
                               "opgegeven `regiehouder` (van het ontvangende team) of anders de teamleider van dat team. "
                               "Een jeugdige zonder dossier draagt u over met `POST /jeugdigen/{id}/overdragen`.")
    @action(detail=True, methods=["post"], url_path="overdragen")
    def overdragen(self, request, pk=None):
        dossier = self._locked_for_write(pk)
        data = _validated(OverdragenInput, request)
        regiehouder = None
        if data.get("regiehouder") is not None:
            regiehouder = User.objects.filter(pk=data["regiehouder"], is_active=True).first()
            if regiehouder is None:  # refused before the service: audited here, as the service would (403 first)
                rights.require(request.user, Capability.HANDOVER, action=Action.DOSSIER_OVERDRAGEN, object_type="dossier",
                               object_id=dossier.pk)
                audit_refusal(user=request.user, action=Action.DOSSIER_OVERDRAGEN, object_type="dossier", object_id=dossier.pk,
                              result=Result.ONGELDIG, detail={"status": 400, "velden": ["regiehouder"]})
                raise InvalidInput.one("regiehouder", "onbekende_gebruiker", "Onbekende regiehouder.")
        # an unknown team is the service's own 400 (audited as a refusal): nothing is checked before it here
        dossier = services.dossier_handover(user=request.user, dossier=dossier, team=_team(data["team"]), regiehouder=regiehouder)
        return _dossier_response(dossier)

    @extend_schema(request=DoorverwijzingInput, responses={201: DoorverwijzingSerializer}, extensions={"x-problems": ["409"]},
                   summary="Doorverwijzing vastleggen", operation_id="doorverwijzingVastleggen")
    @action(detail=True, methods=["post"], url_path="doorverwijzingen")
    def doorverwijzingen(self, request, pk=None):
        dossier = self._locked_for_write(pk)
        data = _validated(DoorverwijzingInput, request)
        verwijzing = services.doorverwijzing_register(user=request.user, dossier=dossier, datum=data["datum"], soort=data["soort"],
                                                      overbrugging=data["overbrugging"])
        return Response(DoorverwijzingSerializer(verwijzing).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DoorverwijzingPatchInput, responses=DoorverwijzingSerializer, parameters=[DOORVERWIJZING_ID, IF_MATCH],
                   extensions={"x-problems": ["409", "412"]}, summary="Uitkomst van een doorverwijzing bijwerken",
                   operation_id="doorverwijzingWijzigen",
                   description="Status verwezen, gestart, afgewezen of niet_gestart op een datum (niet vóór de doorverwijzing, niet in de "
                               "toekomst), met een reden bij afgewezen en niet_gestart, en of het team de wachttijd overbrugt. Een open "
                               "doorverwijzing (verwezen) werkt iedereen van het team bij; een definitieve uitkomst corrigeert alleen de "
                               "teamleider (anders 403).")
    @action(detail=True, methods=["patch"], url_path=r"doorverwijzingen/(?P<rid>[^/.]+)")
    def doorverwijzing(self, request, pk=None, rid=None):
        dossier = self._locked_for_write(pk)
        verwijzing = selectors.doorverwijzing_get(request.user, dossier, rid)
        data = _validated(DoorverwijzingPatchInput, request)
        verwijzing = services.doorverwijzing_update(
            user=request.user, dossier=dossier, doorverwijzing=verwijzing, status=data["status"], datum=data["datum"],
            reden=data.get("reden", ""), overbrugging=data.get("overbrugging"), if_match=request.headers.get("If-Match"))
        return Response(DoorverwijzingSerializer(verwijzing).data)


class ContactFilter(django_filters.FilterSet):
    dossier = django_filters.UUIDFilter(field_name="dossier_id")
    team = django_filters.NumberFilter(field_name="team_id")
    vanaf = django_filters.DateFilter(field_name="datum", lookup_expr="gte")
    tot = django_filters.DateFilter(field_name="datum", lookup_expr="lte")
    inzet = django_filters.ChoiceFilter(choices=Inzet.choices)

    class Meta:
        model = Contact
        fields = ["dossier", "team", "vanaf", "tot", "inzet"]


IDEMPOTENCY_KEY = OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER, required=False,
                                   description="Dezelfde sleutel met dezelfde inhoud geeft het eerste antwoord terug.")


class ContactViewSet(ScopedCaseViewSet, mixins.ListModelMixin):
    selector = staticmethod(selectors.contacten_for)
    model = Contact
    audit_object_type = "contact"
    serializer_class = ContactSerializer
    filterset_class = ContactFilter

    @extend_schema(summary="Contacten van de eigen teams", operation_id="contactenLijst")
    def list(self, request):
        queryset = self.filter_queryset(self.get_queryset()).prefetch_related("probleemcategorieen").order_by("-datum", "-geregistreerd_op")
        return self.paginate_and_audit(queryset, ContactSerializer)

    @extend_schema(summary="Contact opvragen", operation_id="contactOpvragen")
    def retrieve(self, request, pk=None):
        return Response(ContactSerializer(selectors.contact_get(request.user, pk)).data)

    @extend_schema(request=ContactInput, responses={201: ContactSerializer},
                   parameters=[IDEMPOTENCY_KEY], extensions={"x-problems": ["409"]},
                   summary="Contact registreren", operation_id="contactRegistreren")
    def create(self, request):
        data = _validated(ContactInput, request)
        dossier = None
        if data.get("dossier") is not None:
            # with its team: the usual body names the dossier's own team, which then costs no query of its own
            dossier = selectors.dossiers_for(request.user).select_related("team").filter(pk=data["dossier"]).first()
            if dossier is None:
                audit_refusal(user=request.user, action=Action.CONTACT_REGISTREREN, object_type="dossier",
                              object_id=data["dossier"], result=Result.NIET_GEVONDEN)
                raise InvalidInput.one("dossier", "onbekend_dossier", "Dit dossier bestaat niet of valt buiten uw teams.")
        team = dossier.team if dossier is not None and dossier.team_id == data["team"] else _team(data["team"])
        fields = dict(
            team=team, dossier=dossier, datum=data["datum"], duur_minuten=data["duurMinuten"],
            vorm=data["vorm"], inzet=data["inzet"], hulpsoort=data["hulpsoort"], probleemcategorieen=data["probleemcategorieen"],
            notitie=data.get("notitie", ""), gemeente=_gemeente(data.get("gemeente")),
            leeftijdsklasse=data.get("leeftijdsklasse", ""), registratieduur_seconden=data.get("registratieduurSeconden"),
        )
        key = request.headers.get("Idempotency-Key")
        if key is None:
            contact = services.contact_register(user=request.user, **fields)
        else:
            contact, _ = services.contact_register_idempotent(
                user=request.user, key=key, body_hash=services.request_hash(request.data), **fields)
        # the contact as the service wrote it (with its categories): no read after the write
        return Response(ContactSerializer(contact).data, status=status.HTTP_201_CREATED,
                        headers={"Location": f"/api/v1/contacten/{contact.pk}"})

    def _contact_response(self, contact, status_code=status.HTTP_200_OK):
        contact = Contact.objects.prefetch_related("probleemcategorieen").get(pk=contact.pk)
        return Response(ContactSerializer(contact).data, status=status_code)

    @extend_schema(request=ContactPatchInput, responses=ContactSerializer, extensions={"x-problems": ["409"]},
                   summary="Contact corrigeren", operation_id="contactCorrigeren",
                   description="Corrigeert datum, duur, vorm, inzet, hulpsoort, categorieën of notitie. De professional die het "
                               "contact registreerde mag dat 14 dagen, een teamleider elk contact van het team. De correctie "
                               "herberekent de hulpperiodes die zij raakt en markeert ze met `gecorrigeerdOp`.")
    def partial_update(self, request, pk=None):
        contact = selectors.contact_get(request.user, pk, action=Action.CONTACT_WIJZIGEN)
        data = _validated(ContactPatchInput, request)
        names = {"datum": "datum", "duurMinuten": "duur_minuten", "vorm": "vorm", "inzet": "inzet", "hulpsoort": "hulpsoort",
                 "probleemcategorieen": "probleemcategorieen", "notitie": "notitie"}
        contact = services.contact_update(user=request.user, contact=contact, **{names[k]: v for k, v in data.items()})
        return self._contact_response(contact)

    @extend_schema(request=None, responses={204: None}, summary="Contact verwijderen", operation_id="contactVerwijderen",
                   description="Verwijdert een contact dat per vergissing is geregistreerd (rechten als bij corrigeren).")
    def destroy(self, request, pk=None):
        contact = selectors.contact_get(request.user, pk, action=Action.CONTACT_VERWIJDEREN)
        services.contact_delete(user=request.user, contact=contact)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=KoppelenInput, responses=ContactSerializer, extensions={"x-problems": ["409"]},
                   summary="Contact aan een dossier koppelen", operation_id="contactKoppelen",
                   description="Koppelt een contact zonder dossier aan een dossier van hetzelfde team; gemeente en "
                               "leeftijdsklasse vervallen dan.")
    @action(detail=True, methods=["post"], url_path="koppelen")
    def koppelen(self, request, pk=None):
        contact = selectors.contact_get(request.user, pk, action=Action.CONTACT_KOPPELEN)
        data = _validated(KoppelenInput, request)
        dossier = selectors.dossiers_for(request.user).filter(pk=data["dossier"]).first()
        if dossier is None:
            audit_refusal(user=request.user, action=Action.CONTACT_KOPPELEN, object_type="dossier",
                          object_id=data["dossier"], result=Result.NIET_GEVONDEN)
            raise InvalidInput.one("dossier", "onbekend_dossier", "Dit dossier bestaat niet of valt buiten uw teams.")
        contact = services.contact_attach(user=request.user, contact=contact, dossier=dossier)
        return self._contact_response(contact)
