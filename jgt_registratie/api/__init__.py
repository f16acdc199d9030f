"""The API's shared rails: problem+json errors, pagination, version header, scoped base views."""

from jgt_registratie.api.middleware import ApiVersionMiddleware
from jgt_registratie.api.openapi import openapi_postprocess
from jgt_registratie.api.pagination import Pagination
from jgt_registratie.api.problems import problem_exception_handler

__all__ = ["ApiVersionMiddleware", "Pagination", "openapi_postprocess", "problem_exception_handler"]
