from django.shortcuts import render

from jgt_registratie.web import login_only


@login_only
def home(request):
    return render(request, "jgt_registratie/home.html")
