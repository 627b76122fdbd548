"""The query floor's one page."""

import random

from django.http import HttpResponse
from django.urls import path

from benchmarks.floors.models import ROWS, Entry


def one_query(request):
    """The title of one row of the floor's table, by its primary key."""
    pk = random.randint(1, ROWS)
    title = Entry.objects.filter(pk=pk).values_list("title", flat=True).first()
    return HttpResponse(title or "none")


urlpatterns = [path("", one_query)]
