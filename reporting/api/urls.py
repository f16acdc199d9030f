"""Report endpoints of API.md (/rapportages)."""

from rest_framework.routers import SimpleRouter

from reporting.api.views import RapportageViewSet

router = SimpleRouter(trailing_slash=False)
router.register("rapportages", RapportageViewSet, basename="rapportage")

urlpatterns: list = [*router.urls]
