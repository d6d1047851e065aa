"""Public directory: search, place pages, map. No login needed."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from maillage.directory.forms import PublicSearchForm
from maillage.directory.results_html import cards_html
from maillage.directory.search import SearchQuery, default_radius_km, search_places, with_details
from maillage.network.models import Place
from maillage.territory.models import Commune


def _search_form(request: HttpRequest) -> PublicSearchForm:
    """Bound to the query string, with the default radius filled in when absent."""
    data = request.GET.copy()
    if not data.get("radius_km"):
        data["radius_km"] = str(default_radius_km())
    return PublicSearchForm(data)


def _query_from_form(form: PublicSearchForm) -> SearchQuery:
    data = form.cleaned_data
    commune = form.commune
    return SearchQuery(
        lat=commune.lat if commune else None,
        lon=commune.lon if commune else None,
        radius_km=data.get("radius_km") or 30,
        services=(data["service"],) if data.get("service") else (),
        partner=data.get("partner") or None,
        open_now=bool(data.get("open_now")),
    )


@login_not_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    form = _search_form(request) if request.GET else PublicSearchForm(initial={"radius_km": default_radius_km()})
    page, cards = None, ""
    searched = bool(request.GET)
    if searched and form.is_valid():
        results = search_places(_query_from_form(form))
        page = Paginator(results, 20).get_page(request.GET.get("page"))
        cards = cards_html(with_details(list(page.object_list)))
    template = "directory/_results.html" if getattr(request, "htmx", False) and searched else "directory/home.html"
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(
        request,
        template,
        {
            "form": form,
            "page": page,
            "cards": cards,
            "searched": searched,
            "query_string": query_string.urlencode(),
        },
    )


@login_not_required
@require_GET
def place_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    place = get_object_or_404(
        Place.objects.public().select_related("structure", "commune").prefetch_related("partners", "stops__commune"),
        uuid=uuid,
    )
    now = timezone.now()
    stops = [
        (stop, stop.hours_status(now), [day for day in stop.hours_week(now) if day.has_hours])
        for stop in place.stops.all()
    ]
    return render(
        request,
        "directory/place.html",
        {
            "place": place,
            "status": place.hours_status(now),
            "week": place.hours_week(now),
            "stops": stops,
        },
    )


@login_not_required
@require_GET
def map_page(request: HttpRequest) -> HttpResponse:
    form = _search_form(request)
    form.is_valid()
    return render(
        request,
        "directory/map.html",
        {
            "form": form,
            "query_string": request.GET.urlencode(),
            "tiles_url": settings.MAP_TILES_URL,
            "tiles_attribution": settings.MAP_TILES_ATTRIBUTION,
        },
    )


@login_not_required
@require_GET
def map_data(request: HttpRequest) -> JsonResponse:
    """GeoJSON of the places matching the same filters as the search page (all places when none)."""
    form = _search_form(request)
    if not form.is_valid():
        return JsonResponse({"type": "FeatureCollection", "features": [], "errors": form.errors}, status=400)
    results = search_places(_query_from_form(form))
    features = []
    for result in results:
        place = result.place
        if place.lat is None or place.lon is None:
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
                "properties": {
                    "name": place.name,
                    "commune": place.commune.name,
                    "url": place.get_absolute_url(),
                    "itinerant": place.is_itinerant,
                    "status": result.status_text,
                    "hours": place.hours_text,
                },
            }
        )
    return JsonResponse({"type": "FeatureCollection", "features": features})


@login_not_required
@require_GET
def commune_suggestions(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("where", "").strip()
    communes = []
    if len(text) >= 2:
        communes = list(
            Commune.objects.matching(text).located().select_related("departement").order_by("-population")[:8]
        )
    return render(request, "directory/_communes.html", {"communes": communes})


@login_not_required
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})
