"""Report endpoints of API.md (/rapportages)."""

urlpatterns: list = []
