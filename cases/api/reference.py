from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics

from cases.api.serializers import ProbleemcategorieSerializer
from cases.models import Probleemcategorie


@extend_schema_view(get=extend_schema(summary="Probleemcategorieën", operation_id="probleemcategorieenLijst"))
class ProbleemcategorieList(generics.ListAPIView):
    serializer_class = ProbleemcategorieSerializer
    queryset = Probleemcategorie.objects.order_by("code")
