"""The site's URLs plus the benchmark's two reference views (only for load_settings)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path

from mentorship.urls import urlpatterns as site_urlpatterns

EMPTY_PAGE = engines["django"].from_string(
    '{% extends "base.html" %}{% block content %}<h1>Nothing here</h1>{% endblock %}'
)


def trivial(request: HttpRequest) -> HttpResponse:
    """A fixed short response: the ceiling of gunicorn + Django + middleware on this machine."""
    return HttpResponse(b"ok\n", content_type="text/plain")


@login_required
def empty_page(request: HttpRequest) -> HttpResponse:
    """The site's frame around nothing, for a signed-in member: what every page costs at least."""
    return HttpResponse(EMPTY_PAGE.render(request=request))


urlpatterns = [
    path("bench/trivial/", trivial, name="bench_trivial"),
    path("bench/empty/", empty_page, name="bench_empty"),
    *site_urlpatterns,
]
