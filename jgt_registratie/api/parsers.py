"""The API's JSON parser: DRF's, with a nesting limit.

JSON nested deeper than the API ever needs is refused as a 400 problem before any view code sees it, so neither
the parser (Python's json raises RecursionError near depth 1000) nor later code walking the data (the request
hash of idempotent creation) can fail on it with a 500.
"""

from rest_framework import exceptions, parsers

#: the API's own bodies nest 3 levels at most ({"probleemcategorieen": [...]}); this leaves ample room
MAX_DEPTH = 32


class TooDeeplyNested(exceptions.ParseError):
    default_detail = f"De JSON is te diep genest (hoogstens {MAX_DEPTH} niveaus)."
    default_code = "te_diep_genest"


def nesting_depth_exceeds(data, limit: int) -> bool:
    """Whether lists and objects in `data` nest deeper than `limit` (walked without recursion)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise TooDeeplyNested() from exc
        if nesting_depth_exceeds(data, MAX_DEPTH):
            raise TooDeeplyNested()
        return data
