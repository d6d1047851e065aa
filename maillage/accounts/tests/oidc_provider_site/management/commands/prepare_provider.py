"""Register Maillage as a client and create the provider's users (idempotent: may run again)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand, CommandParser
from oidc_provider.models import Client, ResponseType


class Command(BaseCommand):
    help = "Enregistre le client Maillage et les comptes du fournisseur d'identité de test."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--client-id", required=True)
        parser.add_argument("--client-secret", required=True)
        parser.add_argument("--redirect-uri", action="append", default=[])
        parser.add_argument("--post-logout-redirect-uri", action="append", default=[])
        parser.add_argument(
            "--user",
            action="append",
            default=[],
            help="email:mot_de_passe:prénom:nom[:groupe...] (mfa, json_userinfo...)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        client, _ = Client.objects.get_or_create(
            client_id=options["client_id"],
            defaults={"name": "Maillage", "client_type": "confidential", "jwt_alg": "RS256"},
        )
        client.client_secret = options["client_secret"]
        client.require_consent = True
        client.reuse_consent = False  # the consent page shows on every login
        client.redirect_uris = list(dict.fromkeys([*client.redirect_uris, *options["redirect_uri"]]))
        client.post_logout_redirect_uris = list(
            dict.fromkeys([*client.post_logout_redirect_uris, *options["post_logout_redirect_uri"]])
        )
        client.save()
        client.response_types.set([ResponseType.objects.get(value="code")])
        for spec in options["user"]:
            email, password, first_name, last_name, *groups = spec.split(":")
            user, _ = User.objects.get_or_create(username=email)
            user.email, user.first_name, user.last_name = email, first_name, last_name
            user.set_password(password)
            user.save()
            user.groups.set([Group.objects.get_or_create(name=name)[0] for name in groups])
