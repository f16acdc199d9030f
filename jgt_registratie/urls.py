from django.contrib.auth import views as auth_views
from django.urls import path

from jgt_registratie import health, views

urlpatterns = [
    path("", views.home, name="home"),
    path("inloggen", auth_views.LoginView.as_view(), name="login"),
    path("uitloggen", auth_views.LogoutView.as_view(), name="logout"),
    path("gezondheid", health.gezondheid, name="gezondheid"),
]
