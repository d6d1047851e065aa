"""The pages a French public service must link from every page: accessibility, legal notice, personal data.

Their text is a template that a deployment overrides: put `pages/<name>.html` in the folder named by
`MAILLAGE_PAGES_DIR` (see README); the shipped text is the default.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

# url name: (footer label, page title)
PAGES: dict[str, tuple[str, str]] = {
    "accessibility": ("Accessibilité", "Déclaration d'accessibilité"),
    "legal_notice": ("Mentions légales", "Mentions légales"),
    "personal_data": ("Données personnelles", "Données personnelles"),
}
TEMPLATES = {
    "accessibility": "pages/accessibilite.html",
    "legal_notice": "pages/mentions-legales.html",
    "personal_data": "pages/donnees-personnelles.html",
}


def conformity() -> str:
    """As the RGAA asks the footer and the statement to say it: "non conforme", "partiellement conforme"..."""
    return f"{settings.MAILLAGE_ACCESSIBILITY_STATUS} conforme"


def footer_pages() -> list[dict[str, str]]:
    labels = {name: label for name, (label, _) in PAGES.items()}
    labels["accessibility"] = f"Accessibilité : {conformity()}"
    pages = [{"label": labels[name], "url": reverse(f"sitepages:{name}")} for name in PAGES]
    return [*pages, {"label": "Données ouvertes", "url": reverse("exchange:open_data")}]


def _page(request: HttpRequest, name: str) -> HttpResponse:
    context = {
        "title": PAGES[name][1],
        "conformity": conformity(),
        "statement_date": settings.MAILLAGE_ACCESSIBILITY_DATE,
        "person_retention_months": settings.PERSON_RETENTION_MONTHS,
        "referral_anonymise_days": settings.REFERRAL_ANONYMISE_DAYS,
        "session_hours": settings.SESSION_COOKIE_AGE // 3600,
    }
    return render(request, TEMPLATES[name], context)


@login_not_required
def accessibility(request: HttpRequest) -> HttpResponse:
    return _page(request, "accessibility")


@login_not_required
def legal_notice(request: HttpRequest) -> HttpResponse:
    return _page(request, "legal_notice")


@login_not_required
def personal_data(request: HttpRequest) -> HttpResponse:
    return _page(request, "personal_data")
