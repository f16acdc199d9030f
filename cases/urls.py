"""Web pages for jeugdprofessionals and teamleiders (server-rendered), mounted at the site root."""

from django.urls import path, re_path

from cases import views

app_name = "cases"

urlpatterns = [
    path("registreren", views.registreren, name="registreren"),
    path("dossiers", views.dossier_list, name="dossiers"),
    path("dossiers/nieuw", views.dossier_nieuw, name="dossier-nieuw"),
    path("dossiers/zoeken", views.dossier_zoeken, name="dossier-zoeken"),
    path("dossiers/<uuid:pk>", views.dossier_detail, name="dossier"),
    path("dossiers/<uuid:pk>/activeren", views.dossier_activeren, name="dossier-activeren"),
    path("dossiers/<uuid:pk>/waakvlam", views.dossier_waakvlam, name="dossier-waakvlam"),
    path("dossiers/<uuid:pk>/afsluiten", views.dossier_afsluiten, name="dossier-afsluiten"),
    path("dossiers/<uuid:pk>/heropenen", views.dossier_heropenen, name="dossier-heropenen"),
    path("dossiers/<uuid:pk>/doorverwijzing", views.dossier_doorverwijzing, name="dossier-doorverwijzing"),
    path("dossiers/<uuid:pk>/doorverwijzingen/<int:rid>", views.doorverwijzing_wijzigen, name="doorverwijzing-wijzigen"),
    path("dossiers/<uuid:pk>/afsluitverzoek", views.dossier_afsluitverzoek, name="dossier-afsluitverzoek"),
    path("dossiers/<uuid:pk>/wijzigen", views.dossier_wijzigen, name="dossier-wijzigen"),
    path("dossiers/<uuid:pk>/kind", views.dossier_kind, name="dossier-kind"),
    path("dossiers/<uuid:pk>/jeugdigen/<uuid:jid>/verwijderen", views.dossier_kind_verwijderen, name="dossier-kind-verwijderen"),
    path("dossiers/<uuid:pk>/overdragen", views.dossier_overdragen, name="dossier-overdragen"),
    path("contacten", views.contacten, name="contacten"),
    path("contacten/<uuid:pk>/wijzigen", views.contact_wijzigen, name="contact-wijzigen"),
    path("contacten/<uuid:pk>/verwijderen", views.contact_verwijderen, name="contact-verwijderen"),
    path("contacten/<uuid:pk>/koppelen", views.contact_koppelen, name="contact-koppelen"),
    path("dossiers/<uuid:pk>/betrokkenen", views.betrokkene_toevoegen, name="betrokkene-toevoegen"),
    path("dossiers/<uuid:pk>/betrokkenen/<uuid:bid>", views.betrokkene_wijzigen, name="betrokkene-wijzigen"),
    path("dossiers/<uuid:pk>/betrokkenen/<uuid:bid>/verwijderen", views.betrokkene_verwijderen, name="betrokkene-verwijderen"),
    re_path(r"^dossiers/(?P<short>[0-9a-fA-F]{8}[0-9a-fA-F-]{0,27})$", views.dossier_kort, name="dossier-kort"),
    path("jeugdigen/nieuw", views.jeugdige_nieuw, name="jeugdige-nieuw"),
    path("jeugdigen/<uuid:pk>", views.jeugdige_detail, name="jeugdige"),
    path("jeugdigen/<uuid:pk>/verhuizing", views.jeugdige_verhuizing, name="jeugdige-verhuizing"),
    path("jeugdigen/<uuid:pk>/wijzigen", views.jeugdige_wijzigen, name="jeugdige-wijzigen"),
    path("jeugdigen/<uuid:pk>/overdragen", views.jeugdige_overdragen, name="jeugdige-overdragen"),
    path("team", views.team, name="team"),
    path("sessie/verlengen", views.sessie_verlengen, name="sessie-verlengen"),
    path("inzage", views.inzage, name="inzage"),
    path("vernietigen", views.vernietigen, name="vernietigen"),
]
