"""The list floor's one page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path

from benchmarks.floors.models import Entry

PAGE_SIZE = 50


@login_required
def entry_list(request):
    rows = Entry.objects.select_related("owner").order_by("due_date", "id")[:PAGE_SIZE]
    return render(request, "floors/list.html", {"rows": rows})


urlpatterns = [path("", entry_list)]
