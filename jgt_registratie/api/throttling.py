"""DRF throttling of the API, with the rates from the settings (`API_THROTTLE_RATES`, env `API_THROTTLE_ANON`,
`API_THROTTLE_USER`), read per request so a changed setting applies at once.

- "anon": per client address, for what anyone may fetch (the OpenAPI document, the docs page);
- "user": per user, whether by token or by session.

Too many requests answer 429 problem+json in Dutch with `Retry-After` (`jgt_registratie.api.problems`). The counts
live in Django's cache (`CACHES`; per process unless a shared cache such as Redis is configured).
"""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class SettingsRateMixin:
    def get_rate(self):
        return settings.API_THROTTLE_RATES[self.scope]


class AnonThrottle(SettingsRateMixin, AnonRateThrottle):
    pass


class UserThrottle(SettingsRateMixin, UserRateThrottle):
    pass
