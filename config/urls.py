from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerView

from jgt_registratie.admin import beheer_site
from jgt_registratie.api.reference import GemeenteList, TeamList

api_v1 = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="openapi"),
    path("docs", SpectacularSwaggerView.as_view(url_name="openapi"), name="api-docs"),
    path("gemeenten", GemeenteList.as_view(), name="gemeente-list"),
    path("teams", TeamList.as_view(), name="team-list"),
    path("", include("cases.api.urls")),
    path("", include("reporting.api.urls")),
]

urlpatterns = [
    path("api/v1/", include(api_v1)),
    path("beheer/", beheer_site.urls),
    path("", include("jgt_registratie.urls")),
    path("", include("cases.urls")),
    path("gemeente/", include("reporting.urls")),
]

handler400 = "jgt_registratie.api.problems.bad_request"
handler404 = "jgt_registratie.api.problems.not_found"
handler500 = "jgt_registratie.api.problems.server_error"
