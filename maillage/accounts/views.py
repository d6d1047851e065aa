from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, login
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from maillage.accounts.forms import AcceptInvitationForm
from maillage.accounts.models import Invitation, User


@login_not_required
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = Invitation.objects.select_related("structure").filter(token=token).first()
    if invitation is None or not invitation.is_usable:
        return render(request, "accounts/invitation_invalid.html", status=410 if invitation else 404)
    existing = User.objects.filter(email=invitation.email).first()
    if existing is not None:
        if request.user.is_authenticated and request.user.pk == existing.pk:
            invitation.accept(existing)
            messages.success(request, f"Vous avez rejoint {invitation.structure.name}.")
            return redirect("network:dashboard")
        messages.info(request, "Vous avez déjà un compte : connectez-vous pour accepter l'invitation.")
        return redirect(f"/compte/login/?next={request.path}")
    form = AcceptInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = User.objects.create_user(
                invitation.email,
                form.cleaned_data["password1"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
            )
            invitation.accept(user)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, f"Bienvenue ! Vous avez rejoint {invitation.structure.name}.")
        return redirect("network:dashboard")
    return render(request, "accounts/accept_invitation.html", {"form": form, "invitation": invitation})


@never_cache
@login_not_required
def admin_login(request: HttpRequest, extra_context: dict[str, object] | None = None) -> HttpResponse:
    """Stands in for the Django admin's own login form, which knows no second factor.

    Everyone signs in through the site's (allauth) login, which has the TOTP stage; this page never
    authenticates anyone, even on POST, and keeps `next` so that the admin opens after signing in.
    """
    if request.user.is_authenticated:
        from django.contrib import admin

        if admin.site.has_permission(request):
            return redirect("admin:index")
        raise PermissionDenied
    next_url = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index")
    return redirect_to_login(next_url)


@login_not_required
def not_offered(request: HttpRequest) -> HttpResponse:
    raise Http404


@login_not_required
def proconnect_logged_out(request: HttpRequest) -> HttpResponse:
    """ProConnect sends the agent back here after ending its session (our logout sent them there)."""
    from maillage.accounts.proconnect_provider.logout import state_is_ours

    if state_is_ours(request.GET.get("state", "")):
        messages.success(request, "Vous êtes aussi déconnecté de ProConnect.")
    return redirect(settings.LOGOUT_REDIRECT_URL)
