from django.apps import AppConfig


class JgtRegistratieConfig(AppConfig):
    name = "jgt_registratie"
    verbose_name = "Organisatie"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from jgt_registratie import db_roles  # noqa: F401  (registers the deploy check of the database roles)
        from jgt_registratie.audit import audit_login, audit_login_failed

        user_logged_in.connect(audit_login, dispatch_uid="jgt_audit_login")
        user_login_failed.connect(audit_login_failed, dispatch_uid="jgt_audit_login_failed")

        from axes.signals import user_locked_out

        from jgt_registratie.lockout import audit_lockout

        user_locked_out.connect(audit_lockout, dispatch_uid="jgt_audit_lockout")
