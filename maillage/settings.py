"""One settings module, read from the environment (see the README's configuration table)."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from importlib.util import find_spec
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url

from maillage.accounts import proconnect_config
from maillage.env import ConfigurationError, env_bool, env_cache, env_int, env_list, env_storage, env_str
from maillage.lib.crypto import new_key

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("MAILLAGE_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

MAILLAGE_ENV = env_str("MAILLAGE_ENV", "development")
if MAILLAGE_ENV not in {"development", "production"}:
    raise ConfigurationError(f"MAILLAGE_ENV={MAILLAGE_ENV!r} : « development » ou « production » attendu.")
PRODUCTION = MAILLAGE_ENV == "production"
DEBUG = env_bool("DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ConfigurationError(
        "DEBUG=true est interdit en production (MAILLAGE_ENV=production) : il afficherait le code."
    )


def _secret_key() -> str:
    key = env_str("SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        raise ConfigurationError("SECRET_KEY est obligatoire en production.")
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()


def _dev_secret(name: str, make: Callable[[], str]) -> str:
    """A secret from the environment; generated once into var/ in development only."""
    value = env_str(name)
    if value:
        return value
    if PRODUCTION:
        raise ConfigurationError(f"{name} est obligatoire en production.")
    path = VAR_DIR / name.lower()
    if not path.exists():
        path.write_text(make())
        path.chmod(0o600)
    return path.read_text().strip()


# Personal data: MultiFernet keys, newest first (rotate with `maillage rotate_keys`), and the
# separate key of the blind index used to find a person by name and birth date.
FIELD_ENCRYPTION_KEYS = [k.strip() for k in _dev_secret("FIELD_ENCRYPTION_KEYS", new_key).split(",") if k.strip()]
if not FIELD_ENCRYPTION_KEYS:
    raise ConfigurationError(
        "FIELD_ENCRYPTION_KEYS ne contient aucune clé (liste de clés Fernet séparées par des virgules)."
    )
BLIND_INDEX_KEY = _dev_secret("BLIND_INDEX_KEY", lambda: secrets.token_urlsafe(32))
PERSON_RETENTION_MONTHS = env_int("PERSON_RETENTION_MONTHS", 24, minimum=1)
TASK_RESULT_RETENTION_DAYS = env_int("TASK_RESULT_RETENTION_DAYS", 30, minimum=1)
FORMS_URLFIELD_ASSUME_HTTPS = True
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ConfigurationError(
        "ALLOWED_HOSTS est obligatoire en production (noms de domaine du site, séparés par des virgules)."
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "maillage.errors.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "dsfr",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "maillage.accounts.proconnect_provider",  # allauth's OpenID Connect provider, made to follow ProConnect
    "axes",
    "csp",
    "auditlog",
    "maillage.accounts",
    "maillage.territory",
    "maillage.exchange",
    "maillage.network",
    "maillage.directory",
    "maillage.counter",
    "maillage.referrals",
    "maillage.rights",
    "maillage.outreach",
    "maillage.socialvalue",
    "maillage.vouchers",
    "maillage.tickets",
    "maillage.reports",
    "maillage.surveys",
    "maillage.workshops",
    "maillage.people",
    "maillage.sheets",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "maillage.errors.RefuseNulCharactersMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "maillage.accounts.middleware.RequireSecondFactorMiddleware",
    "axes.middleware.AxesMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "maillage.reports.api_log.ApiCallLogMiddleware",
]

ROOT_URLCONF = "maillage.urls"
WSGI_APPLICATION = "maillage.wsgi.application"

MAILLAGE_THEME = env_str("MAILLAGE_THEME", "dsfr")
if MAILLAGE_THEME not in {"dsfr", "neutral"}:
    raise ConfigurationError(f"MAILLAGE_THEME={MAILLAGE_THEME!r} : « dsfr » ou « neutral » attendu.")

# A deployment's own templates, looked up before the shipped ones: its legal pages
# (`pages/accessibilite.html`, `pages/mentions-legales.html`, `pages/donnees-personnelles.html`).
MAILLAGE_PAGES_DIR = env_str("MAILLAGE_PAGES_DIR", "")
if MAILLAGE_PAGES_DIR and not Path(MAILLAGE_PAGES_DIR).is_dir():
    raise ConfigurationError(f"MAILLAGE_PAGES_DIR={MAILLAGE_PAGES_DIR!r} : ce dossier n'existe pas.")

# The RGAA conformity a deployment declares (footer and statement): "non" until an audit says otherwise.
MAILLAGE_ACCESSIBILITY_STATUS = env_str("MAILLAGE_ACCESSIBILITY_STATUS", "non")
if MAILLAGE_ACCESSIBILITY_STATUS not in {"non", "partiellement", "totalement"}:
    raise ConfigurationError(
        f"MAILLAGE_ACCESSIBILITY_STATUS={MAILLAGE_ACCESSIBILITY_STATUS!r} : "
        "« non », « partiellement » ou « totalement » attendu."
    )
MAILLAGE_ACCESSIBILITY_DATE = env_str("MAILLAGE_ACCESSIBILITY_DATE", "7 décembre 2026")

# django-ninja is not an installed app: importing it (and pydantic) would make every start slower,
# while the API is built on its first call (maillage/api_urls.py). Its Swagger page and files are
# served from its package folder, found without importing it.
NINJA_DIR = Path(find_spec("ninja").origin or "").parent  # type: ignore[union-attr]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [
            *([Path(MAILLAGE_PAGES_DIR)] if MAILLAGE_PAGES_DIR else []),
            BASE_DIR / "maillage" / "templates",
            NINJA_DIR / "templates",
        ],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "maillage.context_processors.theme",
                "maillage.context_processors.menu",
            ],
            "string_if_invalid": env_str("TEMPLATE_STRING_IF_INVALID", ""),
        },
    }
]


def _database(url: str) -> dict[str, Any]:
    """One alias from its URL, with the same options for the primary and the replica."""
    database: dict[str, Any] = dict(
        dj_database_url.parse(
            url,
            conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0, minimum=0),
            # A persistent connection is checked before a request reuses it, and the pool checks each
            # one before lending it (Django passes psycopg's check): after a database restart the broken
            # connections are replaced instead of failing one request each.
            conn_health_checks=True,
        )
    )
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("OPTIONS", {}).update(
            {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
        )
    elif database["ENGINE"] == "django.db.backends.postgresql" and env_bool("DATABASE_POOL"):
        database["CONN_MAX_AGE"] = 0
        # Connections kept open by each server process (psycopg's default is 4); a sync gunicorn worker
        # uses one at a time. After a database restart the pool checks its idle connections one by one,
        # waiting 1, 2, then 4 s between broken ones: the fewer idle connections, the shorter the wait.
        size = env_int("DATABASE_POOL_SIZE", 4, minimum=1)
        database.setdefault("OPTIONS", {})["pool"] = {"min_size": size, "max_size": size}
    return database


DATABASES = {"default": _database(env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'maillage.sqlite3'}"))}
# A PostgreSQL streaming replica (hot standby): the reports, indicators, exports and territory
# pages read from it (maillage/replica.py), everything else uses the primary. Its tests point it at
# the test database the standby receives from the primary (conftest.py), never creating one.
if env_str("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = _database(env_str("DATABASE_REPLICA_URL")) | {"TEST": {"MIRROR": "default"}}
    if DATABASES["replica"]["ENGINE"] != "django.db.backends.postgresql":
        raise ConfigurationError("DATABASE_REPLICA_URL doit désigner une réplique PostgreSQL (postgres://…).")
DATABASE_ROUTERS = ["maillage.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache every server process sees, for every cache of the app: our rate limits, allauth's login
# limits and its record of used TOTP codes (a code replayed on another worker is refused), the
# counter's catalogue, the data·inclusion files, shared-report PDFs. Django's database cache table
# by default (`maillage createcachetable`, run by `make setup`); Redis with CACHE_URL=redis://…
# A per-process memory cache would let each worker count alone and serve stale data.
for _old in ("SHARED_CACHE_BACKEND", "SHARED_CACHE_LOCATION"):
    if env_str(_old):
        raise ConfigurationError(f"{_old} n'est plus lu : indiquez le cache par CACHE_URL=redis://hôte:port/base.")
SHARED_CACHE = env_cache("CACHE_URL")
CACHES = {"default": SHARED_CACHE, "shared": SHARED_CACHE}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "network:dashboard"
LOGOUT_REDIRECT_URL = "directory:home"

# django-allauth: e-mail login, no public sign-up (staff join by invitation).
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "maillage.accounts.adapters.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "maillage.accounts.forms.LoginForm",
    "reset_password": "maillage.accounts.forms.ResetPasswordForm",
    "reset_password_from_key": "maillage.accounts.forms.ResetPasswordKeyForm",
    "change_password": "maillage.accounts.forms.ChangePasswordForm",
}
ACCOUNT_LOGOUT_ON_GET = False
# allauth throttles too; its limits sit above django-axes so that axes decides the lockout.
ACCOUNT_RATE_LIMITS = {"login_failed": "30/m/ip,20/15m/key"}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Maillage"

# ProConnect (OpenID Connect) next to e-mail login, off while PROCONNECT_ISSUER is empty: first login
# only for an address with a pending invitation or an account (maillage/accounts/proconnect.py).
PROCONNECT_ISSUER = env_str("PROCONNECT_ISSUER").strip()
PROCONNECT_ALLOWED_DOMAINS = [domain.lower().lstrip("@") for domain in env_list("PROCONNECT_ALLOWED_DOMAINS")]
if PROCONNECT_ISSUER and not PROCONNECT_ALLOWED_DOMAINS:
    raise ConfigurationError(
        "PROCONNECT_ALLOWED_DOMAINS est obligatoire quand PROCONNECT_ISSUER est défini "
        "(domaines d'adresse e-mail admis, séparés par des virgules)."
    )
SOCIALACCOUNT_PROVIDERS = proconnect_config.providers(
    issuer=PROCONNECT_ISSUER,
    client_id=env_str("PROCONNECT_CLIENT_ID"),
    secret=env_str("PROCONNECT_CLIENT_SECRET"),
    scopes=env_str("PROCONNECT_SCOPES", proconnect_config.DEFAULT_SCOPES).split(),
)
SOCIALACCOUNT_ADAPTER = "maillage.accounts.proconnect.ProConnectAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # our adapter links by e-mail itself, with its own rules
SOCIALACCOUNT_STORE_TOKENS = False

# django-axes: lock an account/IP pair after repeated failures.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = 1  # hour
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "login"
AXES_USERNAME_CALLABLE = "maillage.accounts.lockout.lockout_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_ENABLED = env_bool("AXES_ENABLED", True)

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
NODE_MODULES_DIR = Path(env_str("MAILLAGE_NODE_MODULES", str(BASE_DIR / "node_modules")))
STATICFILES_DIRS: list[str | tuple[str, str]] = [str(BASE_DIR / "maillage" / "static"), str(NINJA_DIR / "static")]
VENDOR_ASSETS = {
    "vendor/leaflet": NODE_MODULES_DIR / "leaflet" / "dist",
    "vendor/markercluster": NODE_MODULES_DIR / "leaflet.markercluster" / "dist",
}
STATICFILES_DIRS += [(prefix, str(path)) for prefix, path in VENDOR_ASSETS.items() if path.is_dir()]
STORAGES = {
    # Uploaded and generated files (attachments, pending imports, exports): MEDIA_ROOT, or an
    # S3-compatible bucket shared by every server with STORAGE_URL=s3://… (README, production).
    "default": env_storage("STORAGE_URL"),
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
MEDIA_ROOT = VAR_DIR / "media"

REFERENCE_DATA_DIR = Path(env_str("MAILLAGE_REFERENCE_DIR", str(VAR_DIR / "ref")))

# Map tiles: empty means no tile layer (markers on a plain background, fully offline).
MAP_TILES_URL = env_str("MAP_TILES_URL", "")
MAP_TILES_ATTRIBUTION = env_str("MAP_TILES_ATTRIBUTION", "")
_tiles_origin = ""
if MAP_TILES_URL:
    parts = urlsplit(MAP_TILES_URL.replace("{s}", "a"))
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ConfigurationError(f"MAP_TILES_URL={MAP_TILES_URL!r} : adresse http(s) attendue.")
    _tiles_origin = f"{parts.scheme}://{urlsplit(MAP_TILES_URL).netloc}"

# Address geocoder speaking the Base Adresse Nationale API format (e.g. https://api-adresse.data.gouv.fr),
# called by the server from the place form; empty means no geocoding at all.
GEOCODER_URL = env_str("MAILLAGE_GEOCODER_URL", "").strip()
if GEOCODER_URL:
    _parts = urlsplit(GEOCODER_URL)
    if _parts.scheme not in {"http", "https"} or not _parts.netloc:
        raise ConfigurationError(f"MAILLAGE_GEOCODER_URL={GEOCODER_URL!r} : adresse http(s) attendue.")
GEOCODER_TIMEOUT_SECONDS: float = env_int("MAILLAGE_GEOCODER_TIMEOUT", 3, minimum=1)

# Strict Content Security Policy: no inline script or style anywhere.
_img_src = ["'self'", "data:"] + ([_tiles_origin] if _tiles_origin else [])
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": _img_src,
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'"],  # the terrain page's service worker (outreach/views_terrain.py)
        "manifest-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        # The ProConnect button posts to our login URL, which redirects to the provider: browsers
        # check that redirect against form-action too.
        "form-action": ["'self'", *proconnect_config.origins(PROCONNECT_ISSUER)],
        "frame-ancestors": ["'none'"],
    }
}

# E-mail: console in development, SMTP from settings in production.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Maillage <ne-pas-repondre@maillage.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# OpenFisca-France, our local service (openfisca_service/, started by `make run`): the screening of rights.
OPENFISCA_URL = env_str("OPENFISCA_URL", f"http://127.0.0.1:{env_int('OPENFISCA_PORT', 5001, minimum=1)}")
OPENFISCA_TIMEOUT = env_int("OPENFISCA_TIMEOUT", 10, minimum=1)

SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600, minimum=300)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

MAILLAGE_REQUIRE_MFA = env_bool("MAILLAGE_REQUIRE_MFA", True)
PUBLIC_RESULTS_PER_PAGE = 20
SEARCH_DEFAULT_RADIUS_KM = env_int("SEARCH_DEFAULT_RADIUS_KM", 30, minimum=1)
API_RATE_LIMIT = env_str("API_RATE_LIMIT", "120/m")
# Rate limits shared by every server process (maillage/ratelimit.py): per address, `N/s|m|h|d`.
REFERRAL_LINK_RATE_LIMIT = env_str("REFERRAL_LINK_RATE_LIMIT", "30/m")
REPORT_LINK_RATE_LIMIT = env_str("REPORT_LINK_RATE_LIMIT", "30/m")
# Partner API (reports/api.py): calls per token, and days its call log is kept.
PARTNER_API_RATE_LIMIT = env_str("PARTNER_API_RATE_LIMIT", "30/m")
PARTNER_API_LOG_RETENTION_DAYS = env_int("PARTNER_API_LOG_RETENTION_DAYS", 365, minimum=1)
REPORT_LINK_PDF_CACHE_HOURS = env_int("REPORT_LINK_PDF_CACHE_HOURS", 24, minimum=1)

# Reverse proxies in front of Maillage (0: none, X-Forwarded-For ignored): see client_address.py.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
NINJA_NUM_PROXIES = TRUSTED_PROXY_COUNT
AXES_CLIENT_IP_CALLABLE = "maillage.client_address.client_address"
PLACE_CONFIRM_MONTHS = env_int("PLACE_CONFIRM_MONTHS", 6, minimum=1)
REFERRAL_EXPIRY_DAYS = env_int("REFERRAL_EXPIRY_DAYS", 30, minimum=1)
REFERRAL_LINK_DAYS = env_int("REFERRAL_LINK_DAYS", 30, minimum=1)
REFERRAL_REMINDER_DAYS = env_int("REFERRAL_REMINDER_DAYS", 5, minimum=1)
REFERRAL_ANONYMISE_DAYS = env_int("REFERRAL_ANONYMISE_DAYS", 180, minimum=1)
REFERRAL_ATTACHMENT_DAYS = env_int("REFERRAL_ATTACHMENT_DAYS", 60, minimum=1)
REFERRAL_ATTACHMENT_MAX_MB = env_int("REFERRAL_ATTACHMENT_MAX_MB", 5, minimum=1)
# Satisfaction surveys: answers per address and hour (one survey / all surveys), and how long the
# daily HMAC of the address used for that limit is kept before being blanked.
SURVEY_ANSWERS_PER_HOUR = env_int("SURVEY_ANSWERS_PER_HOUR", 3, minimum=1)
SURVEY_ANSWERS_PER_HOUR_GLOBAL = env_int("SURVEY_ANSWERS_PER_HOUR_GLOBAL", 20, minimum=1)
SURVEY_SOURCE_HASH_DAYS = env_int("SURVEY_SOURCE_HASH_DAYS", 2, minimum=1)
# Siting runs ("où ouvrir les prochains lieux"): deleted after this many days; a run still waiting
# or running after this many hours is marked as interrupted by the daily task.
SITING_RUN_DAYS = env_int("SITING_RUN_DAYS", 90, minimum=1)
SITING_RUN_TIMEOUT_HOURS = env_int("SITING_RUN_TIMEOUT_HOURS", 6, minimum=1)
# Large report exports (reports/export_jobs.py): every PDF, and an XLSX from places × months.
REPORT_EXPORT_BACKGROUND_CELLS = env_int("REPORT_EXPORT_BACKGROUND_CELLS", 1200, minimum=1)
REPORT_EXPORT_DAYS = env_int("REPORT_EXPORT_DAYS", 7, minimum=1)
REPORT_EXPORT_TIMEOUT_HOURS = env_int("REPORT_EXPORT_TIMEOUT_HOURS", 2, minimum=1)
# The producer name in data·inclusion files (`source`, prefix of every id): lower-case letters, digits, dashes.
DATA_INCLUSION_SOURCE = env_str("DATA_INCLUSION_SOURCE", "maillage")
if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", DATA_INCLUSION_SOURCE):
    raise ConfigurationError(
        f"DATA_INCLUSION_SOURCE={DATA_INCLUSION_SOURCE!r} : lettres minuscules, chiffres et tirets attendus."
    )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint.progress": {"level": "WARNING"}},
}

# django-auditlog: who changed what; encrypted identity fields are masked in the log.
AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = True
AUDITLOG_MASK_CALLABLE = "maillage.counter.audit.mask_completely"
