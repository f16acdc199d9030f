"""The one decorator for web pages: login, the page's right from the rights table, Dutch error pages.

`@page(Capability.X)` lets in a logged-in user who has the capability (`jgt_registratie.rights`); anyone
else gets the Dutch 403 page and an audit row (in its own transaction). A domain error escaping the view
becomes the Dutch 404 or 403 page. The capability is kept on the view (`view.capability`), so the web
access test walks every URL and checks it against the same table.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from jgt_registratie import rights
from jgt_registratie.audit import Action
from jgt_registratie.errors import Forbidden, NotFound

TITELS = {400: "Ongeldige invoer", 403: "Geen toegang", 404: "Niet gevonden", 409: "Niet mogelijk"}


def error_page(request, status: int, message: str):
    return render(request, "jgt_registratie/fout.html", {"titel": TITELS.get(status, "Er ging iets mis"), "melding": message}, status=status)


def page(capability: rights.Capability, *, then: rights.Capability | None = None, object_type: str = "pagina",
         action: str = Action.LEZEN):
    """Let in a logged-in user with `capability`; else the Dutch 403 page and one audit row.

    `then`: a narrower right the view itself checks once it has found its object in the user's scope (so an object
    outside the scope stays a 404, as if it did not exist, before any 403); recorded for the web access test.
    `object_type` and `action`: what a refusal is audited as: by default a read of the page ("pagina", the path);
    for another type (e.g. "dossier", "gemeenteportaal") the URL's `pk`, if any.
    """

    def decorate(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            object_id = request.path[:64] if object_type == "pagina" else kwargs.get("pk", "")
            try:
                rights.require(request.user, capability, action=action, object_type=object_type, object_id=object_id,
                               detail={"pad": request.path[:200]})
                return view(request, *args, **kwargs)
            except NotFound as exc:
                return error_page(request, 404, exc.detail)
            except Forbidden as exc:
                return error_page(request, 403, exc.detail)

        wrapper.capability = capability
        wrapper.then_capability = then
        return wrapper

    return decorate


def login_only(view):
    """A page every logged-in user may see (the start page): marked so the web access test knows it is meant."""
    wrapped = login_required(view)
    wrapped.capability = None
    return wrapped


def public(view):
    """A view that needs no right and shows no data (it answers anonymous visitors itself): marked as meant."""
    view.capability = None
    view.public = True
    return view
