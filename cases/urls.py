"""Web pages for jeugdprofessionals and teamleiders (server-rendered)."""

urlpatterns: list = []
