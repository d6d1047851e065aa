"""Settings of the test OpenID Connect provider; its folder and address come from the environment."""

from __future__ import annotations

import os
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ["TEST_OIDC_DIR"])

SECRET_KEY = "test-oidc-provider-not-a-secret"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
SITE_URL = os.environ["TEST_OIDC_SITE_URL"]  # the issuer is SITE_URL + "/oidc"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oidc_provider",
    "maillage.accounts.tests.oidc_provider_site",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "maillage.accounts.tests.oidc_provider_site.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [HERE / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": DATA_DIR / "provider.sqlite3"}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
USE_TZ = True
LOGIN_URL = "/login/"
# Cookies ignore the port: on 127.0.0.1 next to Maillage, the provider keeps cookies of its own names.
SESSION_COOKIE_NAME = "provider_sessionid"
CSRF_COOKIE_NAME = "provider_csrftoken"

# ProConnect's own scopes (`given_name`, `usual_name`) and its `amr` claim in the ID token.
OIDC_USERINFO = "maillage.accounts.tests.oidc_provider_site.claims.userinfo"
OIDC_EXTRA_SCOPE_CLAIMS = "maillage.accounts.tests.oidc_provider_site.claims.ProConnectScopeClaims"
OIDC_IDTOKEN_PROCESSING_HOOK = "maillage.accounts.tests.oidc_provider_site.claims.add_amr"
