"""Floor "hello": Django answering a fixed string, no middleware, no database."""

from django.http import HttpResponse
from django.urls import path

from benchmarks.floors.base import ALLOWED_HOSTS, DEBUG, SECRET_KEY  # noqa: F401

ROOT_URLCONF = __name__
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
DATABASES: dict = {}


def hello(request):
    return HttpResponse("hello")


urlpatterns = [path("", hello)]
