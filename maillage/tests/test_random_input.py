"""Random values posted to every form field and query parameter of every view never get a 500.

The views come from the URL resolver (every pattern of `maillage.urls` outside the Django admin, the
allauth pages and the JSON API, which have their own tests); path converters are filled with real
objects of a small world so that the view is reached, and each view is opened by the role that may use
it. Parameter names are read from the page's own form fields plus the query parameters views read.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

SKIPPED_PREFIXES = ("admin/", "api/", "compte/")  # own tests: Django admin, allauth, ninja schema validation
# The attestation PDF reads nothing but its path; WeasyPrint warns on hosts without HarfBuzz-Subset.
SKIPPED_NAMES = {"counter:mandate_pdf"}
QUERY_PARAMETERS = [
    "visit",
    "person",
    "demande",
    "page",
    "boite",
    "q",
    "format",
    "where",
    "field",
    "departement",
    "download",
    "start",
    "end",
    "period",
    "scope",
    "status",
    "action",
    "next",
    "shortcut",
    "procedure",
]
ROLE_BY_NAME = {
    "network:partners": "admin",
    "network:partner_create": "admin",
    "network:partner_edit": "admin",
}
ROLE_BY_PREFIX = {
    "gestion/": "manager_a",
    "accueil/": "mediator_a",
    "orientations/": "mediator_a",
    "territoire/": "coordinator_a",
    "pilotage/": "coordinator_a",
    "enquetes/": "manager_a",
    "droits/": "mediator_a",
    "fiches/": "mediator_a",
}
EXAMPLES = 3  # random ones, after the explicit examples below (every parameter at once)
EVERYWHERE = ["not-a-uuid", "a\x00b", "0001-01-01T00:00", "9" * 400]

NASTY = st.sampled_from(
    [
        "",
        "\x00",
        "a\x00b",
        "not-a-uuid",
        "12345678-1234-1234-1234-1234567890123",
        "0001-01-01",
        "0001-01-01T00:00",
        "9999-12-31T23:59",
        "2025-02-30",
        "0000",
        "-1",
        "1e400",
        "9" * 400,
        "x" * 5000,
        "NaN",
        "inf",
        "' OR 1=1 --",
        '=HYPERLINK("http://x")',
        "%PDF-",
        "ÿþ\ufeff",
        "🙂" * 20,
    ]
)
VALUES = st.one_of(
    NASTY,
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40),
)


def _patterns(entries: list[Any], prefix: str = "", namespace: str = "") -> list[tuple[str, str, URLPattern]]:
    """(route, "namespace:name", pattern) of every view under `entries`."""
    found: list[tuple[str, str, URLPattern]] = []
    for entry in entries:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            found += _patterns(entry.url_patterns, route, entry.namespace or namespace)
        else:
            found.append((route, f"{namespace}:{entry.name}", entry))
    return found


VIEWS = {
    route: (name, pattern)
    for route, name, pattern in _patterns(get_resolver().url_patterns)
    if not route.startswith(SKIPPED_PREFIXES) and name not in SKIPPED_NAMES
}


class World:
    """The cast plus one object of every kind a URL names, all in structure A (or reachable by its team)."""

    def __init__(self, cast: Any) -> None:
        from maillage.accounts.enums import Role
        from maillage.accounts.models import Invitation
        from maillage.counter.models import FollowUp, Request, Visit
        from maillage.counter.tests.helpers import make_mandate, make_person
        from maillage.factories import AgreementFactory, SurveyFactory
        from maillage.referrals.links import make_token
        from maillage.referrals.models import Referral, ReferralAttachment
        from maillage.reports.links import token_for
        from maillage.reports.models import ReportLink
        from maillage.rights.models import FollowedRight
        from maillage.territory.models import SitingRun
        from maillage.tickets.models import Screen, Ticket

        self.cast = cast
        person = make_person(cast.structure_a)
        request = Request.objects.create(
            visit=Visit.objects.create(),
            structure=cast.structure_a,
            place=cast.place_a,
            mediator=cast.mediator_a,
            domain="housing",
            person=person,
        )
        referral = Referral.objects.create(
            request=request, from_structure=cast.structure_a, external_name="CCAS", external_email="c@x.fr", reason="x"
        )
        attachment = ReferralAttachment(referral=referral, name="x.pdf", size=9)
        attachment.file.save("x.pdf", ContentFile(b"%PDF-1.4\n"))
        follow_up = FollowUp.objects.create(person=person, due_on=timezone.localdate() + dt.timedelta(days=7))
        survey = SurveyFactory(place=cast.place_a)
        link = ReportLink.objects.create(
            parameters={"scope": f"structure:{cast.structure_a.uuid}", "period": "2026"}, created_by=cast.coordinator_a
        )
        run = SitingRun.objects.create(
            created_by=cast.coordinator_a, departement_id=cast.place_a.commune.departement_id, distance=10, sites=1
        )
        membership = cast.mediator_a.memberships.get(role=Role.MEDIATOR)
        followed = FollowedRight.identify(person=person, right="rsa", mediator=cast.mediator_a)
        followed.file()  # "opened" is the next step: the amount fields are read
        ticket = Ticket.take(place=cast.place_a)
        screen = Screen.objects.create(place=cast.place_a)
        from maillage.outreach.tests.helpers import make_campaign

        campaign = make_campaign(cast.structure_a)
        from maillage.people.models import ProfileChangeProposal, Skill

        skill = Skill.objects.create(user=cast.mediator_a, domain="tax")
        proposal = ProfileChangeProposal.objects.create(
            user=cast.mediator_a, kind="language", data={"code": "wo", "level": "basic"}, summary="Wolof"
        )
        from maillage.sheets.tests.helpers import published_sheet

        sheet = published_sheet(cast)
        self.uuids = {
            "counter:request_edit": request.uuid,
            "counter:request_delete": request.uuid,
            "counter:mandate_revoke": make_mandate(person).uuid,
            "counter:mandate_pdf": make_mandate(person).uuid,
            "directory:place": cast.place_a.uuid,
            "network:place_edit": cast.place_a.uuid,
            "network:place_delete": cast.place_a.uuid,
            "network:place_confirm": cast.place_a.uuid,
            "network:agreement_edit": AgreementFactory(structure=cast.structure_a, partner=cast.partner).uuid,
            "network:agreement_delete": AgreementFactory(structure=cast.structure_a, partner=cast.partner).uuid,
            "network:invitation_revoke": Invitation.objects.create(
                email="x@example.org", role=Role.MEDIATOR, structure=cast.structure_a
            ).uuid,
            "referrals:detail": referral.uuid,
            "referrals:attachment": referral.uuid,
            "reports:link_revoke": link.uuid,
            "territory:siting_run": run.uuid,
            "territory:siting_run_status": run.uuid,
            "rights:move": followed.uuid,
            "rights:reminder": followed.uuid,
            "tickets:action": ticket.uuid,
            "tickets:redirect": ticket.uuid,
            **{f"tickets:{name}": cast.place_a.uuid for name in ("queue", "create", "call_next", "screen_renew")},
            **{
                f"outreach:{name}": campaign.uuid
                for name in ("detail", "edit", "attempt", "figures_csv", "attempts_csv")
            },
            **{f"socialvalue:{name}": cast.network_a.uuid for name in ("parameters", "partner", "counters")},
            **{f"people:{name}": cast.mediator_a.uuid for name in ("member", "add", "edit", "delete")},
            "people:review": proposal.uuid,
            **{f"sheets:{name}": sheet.uuid for name in ("detail", "edit", "submit", "review", "withdraw", "report")},
            "sheets:version": sheet.uuid,
        }
        from maillage.reports.chart_cache import chart_url
        from maillage.reports.tables import Table
        from maillage.workshops.tests.helpers import make_session

        self.session = make_session(cast.place_a)
        self.person = person
        self.request = request
        self.survey = survey
        self.ints = {
            "counter:follow_up_close": follow_up.pk,
            "network:membership_remove": membership.pk,
            "referrals:attachment_by_link": attachment.pk,
            "referrals:attachment": attachment.pk,
            "people:delete": skill.pk,
            "people:edit": skill.pk,
            "people:propose_change": skill.pk,
            "people:propose_removal": skill.pk,
        }
        self.tokens = {
            "referrals:answer": make_token(referral),
            "referrals:attachment_by_link": make_token(referral),
            "reports:shared": token_for(link),
            "accounts:accept_invitation": Invitation.objects.create(
                email="y@example.org", role=Role.MEDIATOR, structure=cast.structure_a
            ).token,
            "tickets:screen": screen.token,
            "tickets:screen_numbers": screen.token,
            "reports:chart": chart_url(Table("partner", "Par partenaire", ["Libellé", "", "Demandes"], [["CAF", 1, 3]]))
            .rsplit("/", 1)[1]
            .removesuffix(".svg"),
        }

    def kwargs(self, name: str, pattern: URLPattern) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for key in pattern.pattern.converters:
            if key == "uuid":
                values[key] = self.uuids.get(name) or self._default_uuid(name)
            elif key == "pk":
                values[key] = self.ints[name]
            elif key == "token":
                values[key] = self.tokens[name]
            elif key == "code":
                values[key] = self.cast.partner.code
            elif key == "public_key":
                values[key] = self.survey.public_key
            elif key == "stage":
                values[key] = "opened"
            elif key == "action":
                values[key] = "appeler"
            elif key == "session_uuid":
                values[key] = self.session.uuid
            elif key == "fmt":
                values[key] = "csv"
            elif key == "kind":  # people: a kind of profile entry
                values[key] = "skill"
            elif key == "number":
                values[key] = 1  # a practice sheet's first published version
            else:
                raise AssertionError(f"Converter {key} of {name}: give the world an object for it.")
        return values

    def _default_uuid(self, name: str) -> Any:
        """Routes of a person file or a survey take that object's UUID, the others structure A's."""
        if name in {
            "counter:person_detail",
            "counter:person_edit",
            "counter:follow_up_create",
            "counter:mandate_create",
            "rights:create",
            "rights:screening_create",
        }:
            return self.person.uuid
        if name.startswith("surveys:") and name not in {"surveys:list", "surveys:create"}:
            return self.survey.uuid
        return self.cast.structure_a.uuid


FIELD_NAME = re.compile(r'<(?:input|select|textarea)[^>]*\sname="([^"]+)"')


def _close(response: Any) -> None:
    """Close a response as the test client does: without `close_old_connections`, which would close
    the test transaction's database connection (PostgreSQL; SQLite's in-memory one survives)."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        signals.request_finished.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.parametrize("route", sorted(VIEWS))
def test_random_values_in_every_parameter_never_get_a_500(route: str, cast: Any, settings: Any, tmp_path: Any) -> None:
    from django.urls import reverse

    settings.MAILLAGE_REQUIRE_MFA = False
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    world = World(cast)
    name, pattern = VIEWS[route]
    url = reverse(name, kwargs=world.kwargs(name, pattern))
    if name == "referrals:create":
        url += f"?demande={world.request.uuid}"
    client = Client()
    role = ROLE_BY_NAME.get(name) or next((r for p, r in ROLE_BY_PREFIX.items() if route.startswith(p)), None)
    if role is not None:
        client.force_login(getattr(cast, role))
    page = client.get(url)
    _close(page)
    assert page.status_code < 500
    html = page.get("Content-Type", "").startswith("text/html") and not page.streaming
    text = page.content.decode(errors="replace") if html else ""
    names = sorted({*FIELD_NAME.findall(text), *QUERY_PARAMETERS} - {"csrfmiddlewaretoken"})

    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(st.dictionaries(st.sampled_from(names), VALUES, max_size=len(names)))
    def never_a_500(data: dict[str, str]) -> None:
        for method in (client.get, client.post):
            response = method(url, data)
            _close(response)  # a file download holds its file open until closed
            assert response.status_code < 500, (method.__name__, url, data)

    for value in EVERYWHERE:
        never_a_500.hypothesis.inner_test(dict.fromkeys(names, value))
    never_a_500()
