"""Every login path ends with the second factor for the roles that need it (issue #11, point 1)."""

from __future__ import annotations

import time
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.contrib.auth import login
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse
from django.utils.http import urlencode

from maillage.accounts.enums import Role
from maillage.counter.tests.helpers import make_person
from maillage.factories import PASSWORD, TEST_TOTP_SECRET, member, sign_in


def _current_code(secret: str = TEST_TOTP_SECRET) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def _guarded_urls(cast: Any) -> list[str]:
    person = make_person(cast.structure_a)
    return [
        reverse("admin:index"),
        reverse("admin:accounts_user_changelist"),
        reverse("network:dashboard"),
        reverse("counter:persons_home"),
        reverse("counter:person_list", args=[cast.structure_a.uuid]),
        reverse("counter:person_detail", args=[person.uuid]),
        reverse("territory:coverage"),
        reverse("territory:coverage_csv") + "?departement=90&distance=10&unit=km",  # a download
        reverse("reports:report"),
    ]


def _second_factor_step(next_url: str) -> str:
    return f"{reverse('mfa_reauthenticate')}?{urlencode({'next': next_url})}"


def test_site_login_stops_at_the_code_then_opens_the_back_office(cast: Any) -> None:
    client = Client()
    response = client.post(reverse("account_login"), {"login": cast.admin.email, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("network:dashboard"))["Location"].startswith(reverse("account_login"))
    assert client.get(reverse("admin:index")).status_code == 302
    client.post(reverse("mfa_authenticate"), {"code": _current_code()})
    assert client.get(reverse("network:dashboard")).status_code == 200
    assert client.get(reverse("admin:index")).status_code == 200


def test_admin_login_form_posts_create_no_session(cast: Any) -> None:
    client = Client()
    response = client.post(
        reverse("admin:login"), {"username": cast.admin.email, "password": PASSWORD, "next": "/admin/"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next=/admin/"
    assert "_auth_user_id" not in client.session
    for url in _guarded_urls(cast):
        response = client.get(url, follow=True)
        assert response.redirect_chain, url
        assert response.request["PATH_INFO"] == reverse("account_login"), url


def test_admin_login_page_sends_to_the_site_login_keeping_next(db: Any) -> None:
    response = Client().get(reverse("admin:login") + "?next=/admin/accounts/user/")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next=/admin/accounts/user/"
    # the admin index itself leads there too
    response = Client().get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))
    assert "next=/admin/" in response.redirect_chain[-1][0]


def test_session_without_second_factor_reaches_nothing_else(cast: Any) -> None:
    urls = _guarded_urls(cast)
    signed_in = Client()
    sign_in(signed_in, cast.admin)
    for url in urls:
        assert signed_in.get(url).status_code == 200, url  # the same user, with the second factor
    client = Client()
    client.force_login(cast.admin)  # a session created outside allauth's flow
    for url in [*urls, reverse("directory:home"), reverse("mfa_index"), reverse("account_change_password")]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == _second_factor_step(url), url
    htmx = client.get(reverse("network:dashboard"), headers={"HX-Request": "true"})
    assert htmx["HX-Redirect"] == _second_factor_step(reverse("network:dashboard"))


def test_session_opened_by_django_login_is_held_at_the_code_step(cast: Any) -> None:
    client = Client()
    request = HttpRequest()
    request.session = client.session
    login(request, cast.manager_a, backend="django.contrib.auth.backends.ModelBackend")
    request.session.save()
    client.cookies["sessionid"] = str(request.session.session_key)
    url = reverse("counter:persons_home")
    assert client.get(url)["Location"] == _second_factor_step(url)
    assert client.post(reverse("account_logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_code_step_lets_the_session_through_after_a_valid_code(cast: Any) -> None:
    client = Client()
    client.force_login(cast.coordinator_a)
    url = reverse("territory:coverage")
    step = client.get(_second_factor_step(url))
    assert step.status_code == 200
    wrong = client.post(reverse("mfa_reauthenticate"), {"code": "000000", "next": url})
    assert wrong.status_code == 200
    assert client.get(url).status_code == 302
    response = client.post(reverse("mfa_reauthenticate"), {"code": _current_code(), "next": url})
    assert response["Location"] == url
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("who", ["mediator_a", "partner_viewer"])
def test_roles_without_second_factor_are_unaffected(cast: Any, who: str) -> None:
    client = Client()
    client.force_login(getattr(cast, who))
    assert client.get(reverse("network:dashboard")).status_code == 200


def test_manager_sets_up_the_device_then_confirms_one_code_before_working(cast: Any) -> None:
    manager = member(Role.STRUCTURE_MANAGER, structure=cast.structure_a, totp=False)
    client = Client()
    client.post(reverse("account_login"), {"login": manager.email, "password": PASSWORD})
    assert client.get(reverse("network:dashboard"))["Location"] == reverse("mfa_activate_totp")
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})  # allauth asks it before a set-up
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    response = client.post(reverse("mfa_activate_totp"), {"code": _current_code(secret)})
    codes_page = reverse("mfa_view_recovery_codes")
    assert response["Location"] == codes_page
    # allauth records no verified code when a device is set up: one code is asked on the next page
    assert client.get(codes_page)["Location"] == _second_factor_step(codes_page)
    response = client.post(reverse("mfa_reauthenticate"), {"code": _current_code(secret), "next": codes_page})
    assert response["Location"] == codes_page
    assert client.get(codes_page).status_code == 200
    assert client.get(reverse("network:dashboard")).status_code == 200
