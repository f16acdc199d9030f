"""Template helpers of the web app's page shell."""

from django import template
from django.conf import settings

from cases.selectors import short_number

register = template.Library()


@register.simple_tag
def sessie_seconden() -> int:
    return settings.SESSION_IDLE_SECONDS


# The short number of a dossier or jeugdige, as the selectors define it.
register.filter("nummer", short_number)


@register.filter
def concept_sleutel(message) -> str:
    """'concept-wissen:contact' in a message's extra tags -> 'contact' (the draft to clear after a save)."""
    for tag in (getattr(message, "extra_tags", "") or "").split():
        if tag.startswith("concept-wissen:"):
            return tag.split(":", 1)[1]
    return ""
