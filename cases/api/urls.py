from django.urls import path
from rest_framework.routers import SimpleRouter

from cases.api.reference import ProbleemcategorieList
from cases.api.views import ContactViewSet, DossierViewSet, JeugdigeViewSet

router = SimpleRouter(trailing_slash=False)
router.register("jeugdigen", JeugdigeViewSet, basename="jeugdige")
router.register("dossiers", DossierViewSet, basename="dossier")
router.register("contacten", ContactViewSet, basename="contact")

urlpatterns = [path("probleemcategorieen", ProbleemcategorieList.as_view(), name="probleemcategorie-list"), *router.urls]
