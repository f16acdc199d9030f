from rest_framework.pagination import PageNumberPagination

from jgt_registratie.errors import Errors

MAX_PAGE_SIZE = 500


class Pagination(PageNumberPagination):
    """`?page=N&pageSize=M` (default 50, max 500) -> {count, next, previous, results}."""

    page_size = 50
    page_size_query_param = "pageSize"
    max_page_size = MAX_PAGE_SIZE
    invalid_page_message = "Deze pagina bestaat niet."

    def paginate_queryset(self, queryset, request, view=None):
        errors = Errors()
        for name, upper in (("page", None), ("pageSize", MAX_PAGE_SIZE)):
            raw = request.query_params.get(name)
            if raw is None:
                continue
            if not raw.isdigit() or int(raw) < 1 or (upper and int(raw) > upper):
                bound = f" en hoogstens {upper}" if upper else ""
                errors.add(name, "ongeldige_paginering", f"{name} moet een geheel getal zijn van ten minste 1{bound}.")
        errors.raise_if_any()
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response_schema(self, schema):
        described = super().get_paginated_response_schema(schema)
        described["required"] = ["count", "next", "previous", "results"]
        return described
