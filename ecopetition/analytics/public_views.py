"""The public disclosure pages: published snapshots only, never a live case."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .models import Publication


@require_GET
def index(request):
    page = Paginator(Publication.objects.filter(withdrawn=False).select_related("unit"), 20).get_page(
        request.GET.get("page"))
    return render(request, "analytics/public_index.html", {"page": page})


@require_GET
def detail(request, number: str):
    pub = Publication.objects.filter(number=number, withdrawn=False).select_related("unit").first()
    if pub is None:
        raise Http404
    return render(request, "analytics/public_detail.html", {"pub": pub})
