"""Domain errors raised by services and selectors, with Dutch messages.

The API turns them into problem+json (`jgt_registratie.api.problems`); web forms show them next to
their fields. A service raises before it changes anything, inside its transaction.
"""


class DomainError(Exception):
    status = 400
    title = "Ongeldige invoer"

    def __init__(self, detail: str, *, extra: dict | None = None):
        super().__init__(detail)
        self.detail = detail
        self.extra = extra or {}


class InvalidInput(DomainError):
    """One or more fields are wrong: `errors` is a list of (field, code, Dutch reason)."""

    status = 400
    title = "Ongeldige invoer"

    def __init__(self, errors: list[tuple[str, str, str]]):
        self.errors = errors
        super().__init__("; ".join(reason for _, _, reason in errors))

    @classmethod
    def one(cls, field: str, code: str, reason: str) -> "InvalidInput":
        return cls([(field, code, reason)])


class Forbidden(DomainError):
    status = 403
    title = "Geen toegang"


class NotFound(DomainError):
    status = 404
    title = "Niet gevonden"


class Conflict(DomainError):
    status = 409
    title = "Conflict met de huidige toestand"


class Gone(DomainError):
    """The object exists, but what was asked for no longer does (a report file deleted after its retention period)."""

    status = 410
    title = "Niet meer beschikbaar"


class ServiceUnavailable(DomainError):
    """A part the request needs cannot be reached (the report queue); nothing was stored, so it can be sent again."""

    status = 503
    title = "Tijdelijk niet beschikbaar"
    retry_after = 30


class PreconditionFailed(DomainError):
    status = 412
    title = "Verouderde versie"


class Errors:
    """Collects field errors so a service can report all of them at once."""

    def __init__(self):
        self.items: list[tuple[str, str, str]] = []

    def add(self, field: str, code: str, reason: str) -> None:
        self.items.append((field, code, reason))

    def raise_if_any(self) -> None:
        if self.items:
            raise InvalidInput(self.items)
