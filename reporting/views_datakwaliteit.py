"""The beheerder's data-quality page: the findings of `reporting.quality` as a list (object references only)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from jgt_registratie.audit import Result, audit_record
from jgt_registratie.models import Role
from reporting.quality import bevindingen, samenvatting


@login_required
def datakwaliteit(request):
    if request.user.role != Role.BEHEERDER:
        audit_record(user=request.user, action="lezen", object_type="datakwaliteit", result=Result.GEWEIGERD)
        return render(request, "reporting/datakwaliteit.html", {"geweigerd": True}, status=403)
    found = bevindingen()
    audit_record(user=request.user, action="lezen", object_type="datakwaliteit", detail={"bevindingen": len(found)})
    return render(request, "reporting/datakwaliteit.html", {"bevindingen": found, "samenvatting": samenvatting(found)})
