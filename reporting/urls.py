"""Web pages of the gemeente portal (dashboard, reports, duiding)."""

urlpatterns: list = []
