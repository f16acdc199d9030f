from django.apps import AppConfig


class JgtRegistratieConfig(AppConfig):
    name = "jgt_registratie"
    verbose_name = "Organisatie"
