"""Web pages of the gemeente portal (dashboard, reports, duiding, beleidskader) and the beheerder's data-quality check."""

from django.urls import path

from reporting import views

urlpatterns: list = [
    path("", views.dashboard_view, name="gemeente-dashboard"),
    path("rapportages", views.rapportages_view, name="gemeente-rapportages"),
    path("rapportages/status", views.rapportages_status_view, name="gemeente-rapportages-status"),
    path("rapportages/<uuid:rapportage_id>/definitief", views.rapportage_definitief_view, name="gemeente-rapportage-definitief"),
    path("verantwoording", views.verantwoording_view, name="gemeente-verantwoording"),
    path("duiding/<str:gemeente_code>/<str:periode>", views.duiding_view, name="gemeente-duiding"),
    path("beleidskader", views.beleidskader_view, name="gemeente-beleidskader"),
    path("beleidskader/<str:gemeente_code>/<str:onderwerp>", views.beleidskader_bewerken_view, name="gemeente-beleidskader-bewerken"),
    path("datakwaliteit", views.datakwaliteit, name="datakwaliteit"),
]
