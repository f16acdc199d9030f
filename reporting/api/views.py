"""Report endpoints of API.md ("Reports"). Reads through `reporting.selectors`, the request through the service."""

import base64

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import negotiation, status
from rest_framework.decorators import action
from rest_framework.response import Response

from jgt_registratie.api.base import ScopedViewSet
from jgt_registratie.audit import Action
from jgt_registratie.rights import Capability
from reporting import selectors, services
from reporting.api.serializers import RapportageDefinitiefInput, RapportageInput, RapportageSerializer
from reporting.exports import CONTENT_TYPES, rapportage_filename
from reporting.models import Rapportage


class AnyAccept(negotiation.DefaultContentNegotiation):
    """The download answers with the file's own type whatever the client accepts (`Accept: text/csv` is no 406);
    problems are still rendered as JSON."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class RapportageViewSet(ScopedViewSet):
    # Reports of the user's scope. The entry right is indicator reports (gemeente, beheerder); the selector narrows
    # each kind to its own right and gemeenten (the CBS exports are the beheerder's). A comment, not a docstring:
    # drf-spectacular would publish a docstring as every operation's description.
    capability = Capability.INDICATOR_REPORTS
    selector = staticmethod(selectors.rapportages_for)
    model = Rapportage
    audit_object_type = "rapportage"
    write_action = Action.RAPPORTAGE_AANVRAGEN
    serializer_class = RapportageSerializer

    @extend_schema(summary="Rapportages (eigen gemeente(n); beheerder: alle)", operation_id="rapportagesLijst")
    def list(self, request):
        self.check_query_parameters()
        return self.paginate_and_audit(self.get_queryset().order_by("-aangemaakt_op", "id"), RapportageSerializer)

    @extend_schema(request=RapportageInput, responses={202: RapportageSerializer}, summary="Rapportage aanvragen",
                   description="Zet een rapportage in de wachtrij. Volg de status met de URL in de Location-header; "
                               "het bestand staat klaar onder /rapportages/{id}/bestand zodra de status 'gereed' is.",
                   operation_id="rapportageAanvragen")
    def create(self, request):
        serializer = RapportageInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        rapportage = services.report_request(user=request.user, soort=data["soort"], periode=data["periode"],
                                             gemeente=data.get("gemeente") or None, formaat=data["formaat"])
        return Response(RapportageSerializer(rapportage).data, status=status.HTTP_202_ACCEPTED,
                        headers={"Location": f"/api/v1/rapportages/{rapportage.pk}"})

    @extend_schema(summary="Rapportage opvragen (status en voortgang)", operation_id="rapportageOpvragen")
    def retrieve(self, request, pk=None):
        return Response(RapportageSerializer(selectors.rapportage_get(request.user, pk)).data)

    @extend_schema(
        request=None, responses={200: RapportageSerializer}, extensions={"x-problems": ["409"]},
        summary="Rapportage definitief maken (publiceren)", operation_id="rapportageDefinitief",
        description="Maakt een gereed rapport definitief: bestand, SHA-256 en definitieversie veranderen daarna niet meer. "
                    "Een gemeente voor de indicatorenrapportages van de eigen gemeente(n), functioneel beheer voor alle. "
                    "Geen body (of {}). Nog niet gereed: 409. Een tweede keer: dezelfde rapportage, ongewijzigd. "
                    "Het versienummer wordt hier vastgesteld; vanaf versie 2 staan in 'wijzigingen' de gewijzigde cellen en de correcties.",
    )
    @action(detail=True, methods=["post"], url_path="definitief")
    def definitief(self, request, pk=None):
        RapportageDefinitiefInput(data=request.data if isinstance(request.data, dict) else {}).is_valid(raise_exception=True)
        rapportage = selectors.rapportage_get(request.user, pk, action=Action.RAPPORTAGE_DEFINITIEF)
        rapportage = services.report_publish(user=request.user, rapportage=rapportage)
        return Response(RapportageSerializer(rapportage).data)

    @extend_schema(
        summary="Bestand van een rapportage downloaden", operation_id="rapportageBestand",
        description="Het bestand (JSON, CSV, XLSX of PDF) zodra de rapportage gereed is; anders 409 (ook als het bestand niet meer "
                    "overeenkomt met zijn SHA-256: een half of beschadigd bestand wordt nooit geleverd). Het bestand van een "
                    "CBS-aanlevering (met BSN) wordt na de bewaartermijn verwijderd: dan 410. ETag en Digest bevatten de SHA-256.",
        responses={
            (200, CONTENT_TYPES[Rapportage.Formaat.JSON]): OpenApiResponse(OpenApiTypes.BINARY, description="Indicatorenrapportage (JSON)"),
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY, description="CSV (UTF-8, met kopregel). De indicatorenrapportage en de "
                                                                            "CBS-protocolexport beginnen met een byte order mark (BOM), "
                                                                            "zodat Excel de tekens goed leest; de CBS-aanlevering, die naar "
                                                                            "het CBS gaat, heeft er geen."),
            (200, CONTENT_TYPES[Rapportage.Formaat.XLSX]): OpenApiResponse(OpenApiTypes.BINARY, description="Excel-werkmap"),
            (200, CONTENT_TYPES[Rapportage.Formaat.PDF]): OpenApiResponse(OpenApiTypes.BINARY, description="Verantwoording (PDF, getagd)"),
        },
        extensions={"x-problems": ["409", "410"]},
    )
    @action(detail=True, methods=["get"], url_path="bestand", content_negotiation_class=AnyAccept)
    def bestand(self, request, pk=None):
        rapportage, handle = selectors.rapportage_bestand(request.user, pk)
        response = FileResponse(handle, content_type=CONTENT_TYPES[rapportage.formaat], as_attachment=True,
                                filename=rapportage_filename(rapportage, met_id=False))
        response["ETag"] = f'"{rapportage.sha256}"'
        response["Digest"] = "sha-256=" + base64.b64encode(bytes.fromhex(rapportage.sha256)).decode()
        response["Cache-Control"] = "private, no-store"
        return response
