"""Web pages of the gemeente portal (dashboard, reports, duiding)."""

from django.urls import path

from reporting import views
from reporting.views_datakwaliteit import datakwaliteit

urlpatterns: list = [
    path("", views.dashboard_view, name="gemeente-dashboard"),
    path("rapportages", views.rapportages_view, name="gemeente-rapportages"),
    path("duiding/<str:gemeente_code>/<str:periode>", views.duiding_view, name="gemeente-duiding"),
    path("datakwaliteit", datakwaliteit, name="datakwaliteit"),
]
