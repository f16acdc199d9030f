"""Serving in production: the one security header Django and django-csp do not set.

(Content-Security-Policy comes from django-csp, HSTS, Referrer-Policy, X-Content-Type-Options and
Cross-Origin-Opener-Policy from Django's SecurityMiddleware, X-Frame-Options from its clickjacking middleware;
see config/settings.py.)
"""

from django.conf import settings


class PermissionsPolicyMiddleware:
    """`Permissions-Policy`: the app uses no camera, microphone, location, payment or USB; no page may ask for them."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy:
            response.headers.setdefault("Permissions-Policy", self.policy)
        return response
