"""factory_boy factories and the fixed cast used across the test suite."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import factory
from allauth.mfa.base.internal.flows import post_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.http import HttpRequest
from django.test import Client
from django.utils import timezone

from maillage.accounts.enums import Role
from maillage.accounts.models import Membership, User
from maillage.network import enums
from maillage.network.demo import fake_siret
from maillage.network.models import Agreement, Network, OutreachStop, Partner, Place, Structure
from maillage.surveys.models import Survey, SurveyResponse
from maillage.territory.models import Commune

TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105
PASSWORD = "Un-mot-de-passe-solide-2026"  # noqa: S105
_sirets = itertools.count(500)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.fr")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Test{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def with_totp(self, create: bool, extracted: bool | None, **kwargs: object) -> None:
        self.save()
        if extracted:
            TOTP.activate(self, TEST_TOTP_SECRET)


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network

    name = factory.Sequence(lambda n: f"Réseau {n}")
    kind = enums.NetworkKind.PIMMS_UNION


class StructureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Structure

    name = factory.Sequence(lambda n: f"Structure {n}")
    pivot = factory.LazyFunction(lambda: fake_siret(next(_sirets)))
    typology = factory.LazyFunction(lambda: ["PIMMS"])


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"partenaire{n}")
    name = factory.Sequence(lambda n: f"Partenaire {n}")
    kind = enums.PartnerKind.PUBLIC


def commune(code: str, lat: float, lon: float) -> Commune:
    c = Commune.objects.get(code=code)
    c.lat, c.lon = lat, lon
    c.save(update_fields=["lat", "lon"])
    return c


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place
        skip_postgeneration_save = True

    structure = factory.SubFactory(StructureFactory)
    name = factory.Sequence(lambda n: f"Lieu {n}")
    commune = factory.LazyFunction(lambda: commune("69266", 45.7719, 4.8902))
    postcode = "69100"
    address = "1 rue de la République"
    lat = 45.7719
    lon = 4.8902
    opening_hours = "Mo-Fr 09:00-12:00,13:30-17:00; PH off"
    services = factory.LazyFunction(lambda: [enums.Service.ADMIN_PROCEDURES])

    @factory.post_generation
    def partners(self, create: bool, extracted: list[Partner] | None, **kwargs: object) -> None:
        if extracted:
            self.partners.set(extracted)


class OutreachStopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutreachStop

    place = factory.SubFactory(PlaceFactory, mobility=enums.Mobility.ITINERANT)
    commune = factory.LazyFunction(lambda: commune("42218", 45.4397, 4.3872))
    address = "Place de la mairie"
    lat = 45.4397
    lon = 4.3872
    opening_hours = "Tu 09:00-12:00"


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    partner = factory.SubFactory(PartnerFactory)
    structure = factory.SubFactory(StructureFactory)
    start = dt.date(2026, 1, 1)


class SurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Survey

    place = factory.SubFactory(PlaceFactory)
    title = "Votre avis sur notre accueil"
    questions = factory.LazyFunction(lambda: ["Avez-vous été bien accueilli(e) ?", "Votre démarche a-t-elle avancé ?"])


class SurveyResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyResponse

    survey = factory.SubFactory(SurveyFactory)
    scores = factory.LazyAttribute(lambda o: [4] * len(o.survey.questions))


def member(
    role: Role,
    *,
    structure: Structure | None = None,
    network: Network | None = None,
    partner: Partner | None = None,
    totp: bool = True,
) -> User:
    user = UserFactory(with_totp=totp)
    if role == Role.ADMINISTRATOR:
        user.is_superuser = user.is_staff = True
        user.save()
    Membership.objects.create(user=user, role=role, structure=structure, network=network, partner=partner)
    return user


def has_totp(user: User) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def sign_in(client: Client, user: User) -> None:
    """Log `user` in on `client` as the site's login does, second factor included.

    `client.force_login` alone makes a session without allauth's record of a passed second factor,
    which the middleware sends back to the code step for the roles that need one. For a user with a
    TOTP device this then runs allauth's own bookkeeping after a verified code (`post_authentication`,
    as its login stage does), on the client's session, without depending on the clock.
    """
    client.force_login(user)
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        return
    request = HttpRequest()
    request.session = client.session
    request.user = user
    post_authentication(request, authenticator)
    request.session.save()


def counter_form_data(place: Place, /, **overrides: Any) -> dict[str, Any]:
    """A valid POST of the counter form for `place`, recorded now; `overrides` change or add fields."""
    return {
        "place": place.pk,
        "domain": "",
        "help_level": "accompaniment",
        "outcome": "resolved",
        "autonomy": "partly",
        "duration_minutes": "15",
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "channel": "walk_in",
        "language": "fr",
        "referred_by": "unknown",
        "age_band": "unknown",
        "gender": "unknown",
        "social_status": "unknown",
        **overrides,
    }
