"""Pilotage pages: the activity report, its downloads, and the read-only links that share it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET, require_POST

from maillage.accounts.enums import Role
from maillage.ratelimit import check, too_many_page
from maillage.replica import reads_from_replica
from maillage.reports.chart_cache import chart_svg, chart_url
from maillage.reports.compute import Report, build_report
from maillage.reports.export_jobs import ExportError, in_background, report_for
from maillage.reports.export_jobs import start as start_export
from maillage.reports.exports import FORMATS, filename, french_number
from maillage.reports.exports import render as render_export
from maillage.reports.forms import ReportForm, ShareForm
from maillage.reports.links import LinkError, read_token, token_for
from maillage.reports.models import ReportLink
from maillage.reports.scope import partner_scope, viewer_partner
from maillage.reports.shared_pdf import shared_pdf
from maillage.reports.tables import tables
from maillage.reports.views_indicators import ALLOWED_ROLES

REPORT_ROLES = {
    Role.MEDIATOR,
    Role.STRUCTURE_MANAGER,
    Role.NETWORK_COORDINATOR,
    Role.PARTNER_VIEWER,
    Role.ADMINISTRATOR,
}


def _user(request: HttpRequest) -> Any:
    user = request.user
    if not user.roles() & REPORT_ROLES:  # type: ignore[union-attr]
        raise PermissionDenied("Votre compte n'a accès à aucun rapport.")
    return user


def _download(report: Report, fmt: str) -> HttpResponse:
    return _file_response(render_export(report, fmt), report, fmt)


def _file_response(content: bytes, report: Report, fmt: str) -> HttpResponse:
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename(report, fmt)}"'
    return response


def _page_context(report: Report) -> dict[str, Any]:
    """The tables with their French numbers; charts are images of their own URL (chart_cache)."""
    sections = []
    for table in tables(report):
        chart = None
        if table.chart and any(isinstance(r[2], int) for r in table.rows):
            chart = chart_url(table)
        rows = [[french_number(v) for v in row] for row in table.rows]
        sections.append({"table": table, "rows": rows, "body": _body(rows), "chart": chart})
    return {"report": report, "sections": sections}


def _body(rows: list[list[Any]]) -> SafeString:
    """The rows of a table, written here rather than by template loops (a network's tables hold
    thousands of cells): the first cell heads its row, an empty cell reads « — », and the second
    column of the wide tables is left out (as in their header)."""
    parts = []
    for row in rows:
        cells = []
        for index, value in enumerate(row):
            if index == 1 and len(row) >= 9:
                continue
            if index == 0:
                cells.append(f'<th scope="row">{conditional_escape(value)}</th>')
            else:
                cells.append(f"<td>{conditional_escape(value or '—')}</td>")
        parts.append(f"<tr>{''.join(cells)}</tr>")
    return mark_safe("".join(parts))  # every value escaped above


@login_not_required  # also drawn for a shared report's visitor: the address is signed
@require_GET
def chart(request: HttpRequest, token: str) -> HttpResponse:
    svg = chart_svg(token)
    if svg is None:
        raise Http404("Ce graphique n'est plus disponible : affichez à nouveau le rapport.")
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=604800, immutable"  # an address never changes drawing
    return response


@reads_from_replica
def report_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    partner = viewer_partner(user)
    form = ReportForm(request.GET or None, user=user, fixed_partner=partner)
    context: dict[str, Any] = {
        "form": form,
        "partner_view": partner is not None,
        "share_form": ShareForm(),
        "can_see_indicators": bool(user.roles() & ALLOWED_ROLES),
    }
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        period = data["period"]
        fmt = request.GET.get("format", "")
        scope = partner_scope(partner, period) if partner is not None else data["scope"]
        if in_background(fmt, scope, period):  # the task worker builds it; its page shows the progress
            job = start_export(user, form.parameters(), fmt)
            return redirect("reports:export", uuid=job.uuid)
        if partner is not None:
            report = build_report(scope, period, partner=partner, masked=True, budget=data["budget"], key=data["key"])
        else:
            report = build_report(scope, period, partner=data["partner"], budget=data["budget"], key=data["key"])
        if fmt in FORMATS:
            return _download(report, fmt)
        context.update(_page_context(report))
        context["query"] = request.GET.urlencode()
        context["parameters"] = form.parameters()
    return render(request, "reports/report.html", context)


@require_POST
def link_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    partner = viewer_partner(user)
    form = ReportForm(request.POST, user=user, fixed_partner=partner)
    share = ShareForm(request.POST)
    if not (form.is_valid() and share.is_valid()):
        messages.error(request, "Le lien n'a pas été créé : vérifiez le périmètre, la période et la durée.")
        return redirect("reports:report")
    ReportLink.objects.create(
        label=share.cleaned_data["label"],
        parameters=form.parameters(),
        created_by=user,
        expires_at=timezone.now() + dt.timedelta(days=share.cleaned_data["days"]),
    )
    messages.success(request, "Lien de partage créé : copiez-le ci-dessous. Les petits effectifs y sont masqués.")
    return redirect("reports:links")


def link_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    links = ReportLink.objects.filter(created_by=user).order_by("-created_at")[:100]
    rows = [(link, request.build_absolute_uri(f"/pilotage/partage/{token_for(link)}/")) for link in links]
    return render(request, "reports/links.html", {"rows": rows})


@require_POST
def link_revoke(request: HttpRequest, uuid: str) -> HttpResponse:
    user = _user(request)
    link = get_object_or_404(ReportLink, uuid=uuid, created_by=user)
    if link.revoke():
        messages.success(request, f"Le lien « {link} » est désactivé : il ne donne plus accès au rapport.")
    else:
        messages.info(request, "Ce lien était déjà désactivé.")
    return redirect("reports:links")


@reads_from_replica  # the link itself is read on the primary: one just created or revoked counts at once
def _shared_report(link: ReportLink) -> Report:
    """Recompute the report with the rights its author has today, always masked."""
    try:
        return report_for(link.created_by, link.parameters, masked=True)
    except ExportError as error:
        raise LinkError(str(error)) from None


@login_not_required
def shared_report(request: HttpRequest, token: str) -> HttpResponse:
    verdict = check(request, "report-link", "REPORT_LINK_RATE_LIMIT")
    if not verdict.allowed:
        return too_many_page(request, verdict)
    try:
        link = read_token(token)
        report = _shared_report(link)
    except LinkError as error:
        return render(request, "reports/link_invalid.html", {"message": str(error)}, status=410)
    ReportLink.objects.filter(pk=link.pk).update(views=F("views") + 1)
    fmt = request.GET.get("format", "")
    if fmt == "pdf":
        return _file_response(shared_pdf(link, report), report, fmt)
    if fmt in FORMATS:
        return _download(report, fmt)
    context = _page_context(report) | {"shared": link, "token": token}
    response = render(request, "reports/shared.html", context)
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response
