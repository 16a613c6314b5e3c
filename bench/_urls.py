"""The URLs of bench/pages.py: the app's, plus the trivial view that is one of its two baselines (not a script)."""

from django.http import HttpResponse
from django.urls import include, path


def ok(request):
    return HttpResponse("ok")


urlpatterns = [path("bench/ok", ok, name="bench-ok"), path("", include("arbeitskreis.urls"))]
