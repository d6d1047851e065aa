"""Public open-data files under /donnees/: the places in the national standard, without login.

The files are built at each request from the published places (streamed, one query); the response
says their licence (`Link: <...>; rel="license"`, `X-Licence`) and when they were generated.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from maillage.exchange.lieux_export import LICENCE_NAME, LICENCE_URL, SCHEMA_VERSION
from maillage.exchange.lieux_files import FILE_STEM, FORMATS, PlacesFile
from maillage.network.models import Place

LICENCE_CODE = "etalab-2.0"
STANDARD_URL = "https://github.com/LaMednum/standard-mediation-num"


def file_response(export: PlacesFile, file_format: str, filename: str) -> StreamingHttpResponse:
    """A streamed national places file, with its licence and generation date in the headers."""
    response = StreamingHttpResponse(export.chunks(file_format), content_type=FORMATS[file_format])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{file_format}"'
    response["Link"] = f'<{LICENCE_URL}>; rel="license"'
    response["X-Licence"] = LICENCE_CODE
    response["X-Generated-At"] = timezone.localtime().isoformat(timespec="seconds")
    return response


@login_not_required
@require_GET
def places_file(request: HttpRequest, file_format: str) -> StreamingHttpResponse:
    response = file_response(PlacesFile(Place.objects.all()), file_format, FILE_STEM)
    response["Access-Control-Allow-Origin"] = "*"
    return response


@login_not_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    export = PlacesFile(Place.objects.all())
    export.count()
    return render(
        request,
        "exchange/open_data.html",
        {
            "exported": export.exported,
            "skipped": len(export.skipped),
            "generated_at": timezone.localtime(),
            "licence_name": LICENCE_NAME,
            "licence_url": LICENCE_URL,
            "schema_version": SCHEMA_VERSION,
            "standard_url": STANDARD_URL,
        },
    )
