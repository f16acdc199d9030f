"""Reference data for every logged-in role (API.md, 'Reference data')."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers

from jgt_registratie import rights
from jgt_registratie.models import Gemeente, Team


class GemeenteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Gemeente
        fields = ["code", "naam"]


class TeamSerializer(serializers.ModelSerializer):
    gemeenten = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")

    class Meta:
        model = Team
        fields = ["id", "naam", "gemeenten"]


def teams_for(user):
    """Professionals and teamleiders see their own teams, a gemeente the teams serving it, a beheerder all."""
    return Team.objects.filter(pk__in=rights.teams_listed_for(user).values("pk")).prefetch_related("gemeenten").order_by("naam")


@extend_schema_view(get=extend_schema(summary="Gemeenten", operation_id="gemeentenLijst"))
class GemeenteList(generics.ListAPIView):
    serializer_class = GemeenteSerializer
    queryset = Gemeente.objects.order_by("code")


@extend_schema_view(get=extend_schema(summary="Teams", operation_id="teamsLijst"))
class TeamList(generics.ListAPIView):
    serializer_class = TeamSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Team.objects.none()
        return teams_for(self.request.user)
