from django.contrib.auth import views as auth_views
from django.urls import path

from jgt_registratie import health, views

urlpatterns = [
    path("", views.home, name="home"),
    path("inloggen", auth_views.LoginView.as_view(), name="login"),
    path("uitloggen", auth_views.LogoutView.as_view(), name="logout"),
    path("inloggen/tweede-factor", views.tweede_factor, name="tweede-factor"),
    path("inloggen/tweede-factor/instellen", views.tweede_factor_instellen, name="tweede-factor-instellen"),
    path("account/tweede-factor", views.tweede_factor_account, name="tweede-factor-account"),
    path("gezondheid", health.gezondheid, name="gezondheid"),
]
