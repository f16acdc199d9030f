"""Pseudonyms for anonymised exports (DOMAIN.md section 6).

The first 32 hex characters of HMAC-SHA256(PSEUDONYM_SECRET, "bsn:" + BSN), or of "id:" + the jeugdige's
internal id when the BSN is unknown. Stable across periods and exports; not reversible without the secret.
"""

import hashlib
import hmac

from django.conf import settings

LENGTH = 32


def pseudoniem_van(*, bsn: str | None, jeugdige_id) -> str:
    """The pseudonym from the two fields alone (for exports that read them in one query)."""
    message = f"bsn:{bsn}" if bsn else f"id:{jeugdige_id}"
    # the one-shot form of hmac.new(...).hexdigest(): the same digest, without an HMAC object per record of an export
    return hmac.digest(settings.PSEUDONYM_SECRET.encode(), message.encode(), hashlib.sha256).hex()[:LENGTH]


def pseudoniem(jeugdige) -> str:
    return pseudoniem_van(bsn=jeugdige.bsn, jeugdige_id=jeugdige.pk)
