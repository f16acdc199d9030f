from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView

from jgt_registratie.admin import beheer_site
from jgt_registratie.api.reference import GemeenteList, TeamList

api_v1 = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="openapi"),
    # the split view loads its script as a file, and our template has no inline style: both allowed by the CSP
    path("docs", SpectacularSwaggerSplitView.as_view(url_name="openapi", template_name="jgt_registratie/swagger_ui.html"), name="api-docs"),
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
