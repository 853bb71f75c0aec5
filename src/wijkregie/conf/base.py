"""All settings. Values come from the environment (docs/config.md); dev.py and test.py only change
defaults."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from wijkregie.core.logging import formatter

from .env import env_bool, env_float, env_int, env_list, env_map, env_str

SRC_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = SRC_DIR.parent.parent
VAR_DIR = Path(env_str("WIJKREGIE_VAR_DIR", str(PROJECT_DIR / "var")))

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
# The steering store's keyed hash of persons (monitoring.pseudonyms); changing it makes a new store.
WIJKREGIE_MONITORING_KEY = env_str("WIJKREGIE_MONITORING_KEY")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "wijkregie.core",
    "wijkregie.audit",
    "wijkregie.organisation",
    "wijkregie.accounts",
    "wijkregie.households",
    "wijkregie.assessment",
    "wijkregie.intake",
    "wijkregie.consent",
    "wijkregie.plans",
    "wijkregie.tasks",
    "wijkregie.provisions",
    "wijkregie.decisions",
    "wijkregie.providers",
    "wijkregie.allocations",
    "wijkregie.early_warning",
    "wijkregie.monitoring",
    "wijkregie.oversight",
    "wijkregie.notifications",
    "wijkregie.jobs",
    "wijkregie.integrations",
    "wijkregie.demo",
]

MIDDLEWARE = [
    "wijkregie.health.HealthCheckMiddleware",  # before host validation: health checks ask by IP address
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "wijkregie.core.middleware.NoStoreForPersonalDataMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "wijkregie.accounts.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "wijkregie.accounts.middleware.IdleTimeoutMiddleware",
    "wijkregie.accounts.middleware.SsoSessionRefreshMiddleware",
    "wijkregie.core.middleware.EditedMeanwhileMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "wijkregie.urls"
WSGI_APPLICATION = "wijkregie.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wijkregie.core.context_processors.wijkregie",
                "wijkregie.navigation.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'wijkregie.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the demo server read while a generator writes; a busy timeout instead of "database is locked".
    # SQLite's own page cache is 2 MiB by default: far too little for the indexes of a million households,
    # whose bulk writes then read the same pages from the operating system again and again.
    cache_kib = env_int("WIJKREGIE_SQLITE_CACHE_MB", 256) * 1024
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            f"PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-{cache_kib}; "
            "PRAGMA temp_store=MEMORY;"
        ),
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Answers only the SSO callback (a code and a state); a session it made counts as two-factor verified.
    "wijkregie.accounts.web.sso.StaffOidcBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"  # each role lands on its queue (wijkregie.home)
LOGOUT_REDIRECT_URL = "accounts:login"

SESSION_COOKIE_AGE = env_int("WIJKREGIE_SESSION_SECONDS", 8 * 3600)
# Signed out after this long without a request (0: only the session lifetime above counts).
WIJKREGIE_SESSION_IDLE_SECONDS = env_int("WIJKREGIE_SESSION_IDLE_SECONDS", 30 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("WIJKREGIE_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
# HTTPS only in production: plain HTTP is redirected, and browsers remember for a year (HSTS). Behind a
# reverse proxy that ends TLS, name the header it sets (e.g. HTTP_X_FORWARDED_PROTO) so Django knows.
SECURE_SSL_REDIRECT = env_bool("WIJKREGIE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("WIJKREGIE_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("WIJKREGIE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("WIJKREGIE_HSTS_PRELOAD", False)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # a load balancer's health check may ask over plain HTTP
SILENCED_SYSTEM_CHECKS = [
    "security.W021"
]  # HSTS preload is the domain owner's choice: WIJKREGIE_HSTS_PRELOAD
if _proxy_ssl_header := env_str("WIJKREGIE_PROXY_SSL_HEADER", ""):
    SECURE_PROXY_SSL_HEADER = (_proxy_ssl_header, "https")
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [SRC_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [SRC_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["wijkregie.api.permissions.IsVerifiedStaff"],
    "DEFAULT_PAGINATION_CLASS": "wijkregie.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "wijkregie.api.exceptions.exception_handler",
    "DEFAULT_PARSER_CLASSES": ["wijkregie.core.parsers.LimitedJSONParser"],
    "DEFAULT_VERSIONING_CLASS": "rest_framework.versioning.NamespaceVersioning",
    "ALLOWED_VERSIONS": ["v1"],
    "DEFAULT_VERSION": "v1",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Wijkregie API",
    "DESCRIPTION": "REST API van Wijkregie. Authenticatie: `Authorization: Token <sleutel>`.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "REDOC_DIST": "SIDECAR",  # from static files: the site's CSP allows no CDN
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "wijkregie.api.exceptions.documented_errors",
    ],
}

AXES_ENABLED = env_bool("WIJKREGIE_LOGIN_THROTTLE", True)
AXES_FAILURE_LIMIT = env_int("WIJKREGIE_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("WIJKREGIE_LOGIN_COOLOFF_MINUTES", 15))
# Lock the combination of user name and address: five wrong passwords for one user never lock out the whole
# office behind a shared address, and nobody can lock a colleague out from elsewhere.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "wijkregie.core.network.client_address"
WIJKREGIE_CLIENT_IP_HEADER = env_str("WIJKREGIE_CLIENT_IP_HEADER", "")  # e.g. HTTP_X_FORWARDED_FOR
WIJKREGIE_TRUSTED_PROXIES = env_int("WIJKREGIE_TRUSTED_PROXIES", 1)
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
# The SSO callback carries no password: a refused SSO login is the provider's business, never a lock-out
# of an address (all SSO attempts share the empty user name).
AXES_WHITELIST_CALLABLE = "wijkregie.accounts.web.sso.axes_exempt"

# Single sign-on for staff by OpenID Connect (mozilla-django-oidc; docs/config.md, ADR 0016).
WIJKREGIE_OIDC_ENABLED = env_bool("WIJKREGIE_OIDC_ENABLED", False)
WIJKREGIE_OIDC_ISSUER = env_str("WIJKREGIE_OIDC_ISSUER", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("WIJKREGIE_OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = env_str("WIJKREGIE_OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = env_str("WIJKREGIE_OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = env_str("WIJKREGIE_OIDC_JWKS_ENDPOINT", "") or None
WIJKREGIE_OIDC_END_SESSION_ENDPOINT = env_str("WIJKREGIE_OIDC_END_SESSION_ENDPOINT", "")
OIDC_RP_CLIENT_ID = env_str("WIJKREGIE_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env_str("WIJKREGIE_OIDC_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = env_str("WIJKREGIE_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env_str("WIJKREGIE_OIDC_SCOPES", "openid email profile")
OIDC_TIMEOUT = env_float("WIJKREGIE_OIDC_TIMEOUT", 5.0)
OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS = env_int("WIJKREGIE_OIDC_RECHECK_SECONDS", 15 * 60)
OIDC_USE_PKCE = True
OIDC_STORE_ID_TOKEN = True  # the id_token_hint of the logout at the provider
OIDC_CREATE_USER = False  # decided by WIJKREGIE_OIDC_CREATE_USERS in the backend
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_authentication_callback"
OIDC_OP_LOGOUT_URL_METHOD = "wijkregie.accounts.web.sso.provider_logout_url"
# Which claim names the staff member: `email` is matched to the e-mail address, any other claim
# (`preferred_username`, `sub`, ...) to the user name; both without regard to case.
WIJKREGIE_OIDC_USER_CLAIM = env_str("WIJKREGIE_OIDC_USER_CLAIM", "email")
WIJKREGIE_OIDC_CREATE_USERS = env_bool("WIJKREGIE_OIDC_CREATE_USERS", False)
WIJKREGIE_OIDC_GROUPS_CLAIM = env_str("WIJKREGIE_OIDC_GROUPS_CLAIM", "groups")
WIJKREGIE_OIDC_ROLE_MAP = env_map("WIJKREGIE_OIDC_ROLE_MAP")  # group=role; empty: roles kept in Wijkregie
WIJKREGIE_OIDC_TEAM_MAP = env_map("WIJKREGIE_OIDC_TEAM_MAP")  # group=team name; empty: teams kept
# Who may still sign in with password and TOTP while SSO is on: `beheerder` (the functioneel beheerder,
# for when the provider is down), `all` or `none`.
WIJKREGIE_OIDC_PASSWORD_LOGIN = env_str("WIJKREGIE_OIDC_PASSWORD_LOGIN", "beheerder")
if WIJKREGIE_OIDC_PASSWORD_LOGIN not in {"beheerder", "all", "none"}:
    raise ImproperlyConfigured("WIJKREGIE_OIDC_PASSWORD_LOGIN must be beheerder, all or none.")
if WIJKREGIE_OIDC_ENABLED:
    _missing = [
        name
        for name, value in (
            ("WIJKREGIE_OIDC_AUTHORIZATION_ENDPOINT", OIDC_OP_AUTHORIZATION_ENDPOINT),
            ("WIJKREGIE_OIDC_TOKEN_ENDPOINT", OIDC_OP_TOKEN_ENDPOINT),
            ("WIJKREGIE_OIDC_USERINFO_ENDPOINT", OIDC_OP_USER_ENDPOINT),
            ("WIJKREGIE_OIDC_CLIENT_ID", OIDC_RP_CLIENT_ID),
            ("WIJKREGIE_OIDC_CLIENT_SECRET", OIDC_RP_CLIENT_SECRET),
        )
        if not value
    ]
    if OIDC_RP_SIGN_ALGO.startswith(("RS", "ES")) and not OIDC_OP_JWKS_ENDPOINT:
        _missing.append("WIJKREGIE_OIDC_JWKS_ENDPOINT")
    if _missing:
        raise ImproperlyConfigured(f"WIJKREGIE_OIDC_ENABLED needs {', '.join(_missing)}.")

# Wijkregie's own settings
WIJKREGIE_REQUIRE_2FA = env_bool("WIJKREGIE_REQUIRE_2FA", True)
WIJKREGIE_BREAK_GLASS_HOURS = env_int("WIJKREGIE_BREAK_GLASS_HOURS", 8)
WIJKREGIE_BRP_URL = env_str("WIJKREGIE_BRP_URL", "")
# The published iStandaarden (code lists, later the XSDs): read from there, never copied into the project.
WIJKREGIE_ISTANDAARDEN_DIR = env_str(
    "WIJKREGIE_ISTANDAARDEN_DIR", str(SRC_DIR.parent.parent.parent / "shared" / "standards")
)
# iWmo/iJw message exchange: a pluggable transport; the built-in one drops files in folders.
WIJKREGIE_MESSAGE_TRANSPORT = env_str(
    "WIJKREGIE_MESSAGE_TRANSPORT", "wijkregie.integrations.istandaarden.transport.FolderTransport"
)
WIJKREGIE_MESSAGES_IN = env_str("WIJKREGIE_MESSAGES_IN", str(VAR_DIR / "berichten" / "in"))
WIJKREGIE_MESSAGE_MAX_BYTES = env_int("WIJKREGIE_MESSAGE_MAX_BYTES", 1024 * 1024)  # a 301 is a few kB
WIJKREGIE_MESSAGES_OUT = env_str("WIJKREGIE_MESSAGES_OUT", str(VAR_DIR / "berichten" / "uit"))
# Vroegsignalen from partners: one sub-folder per municipality (its CBS code), read by the same transport.
WIJKREGIE_SIGNALS_IN = env_str("WIJKREGIE_SIGNALS_IN", str(VAR_DIR / "vroegsignalen" / "in"))
WIJKREGIE_SIGNAL_FILE_MAX_BYTES = env_int("WIJKREGIE_SIGNAL_FILE_MAX_BYTES", 512 * 1024 * 1024)
WIJKREGIE_BRP_API_KEY = env_str("WIJKREGIE_BRP_API_KEY", "")
WIJKREGIE_BRP_TIMEOUT = env_float("WIJKREGIE_BRP_TIMEOUT", 5.0)
WIJKREGIE_DEMO_NOTICE = env_bool("WIJKREGIE_DEMO_NOTICE", False)
WIJKREGIE_BASE_URL = env_str("WIJKREGIE_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# Recurring jobs (wijkregie worker, ADR 0015): how long their runs stay visible; the daily overview mail;
# the demo's fake provider that answers allocations by itself (never in production).
WIJKREGIE_JOB_RUNS_KEEP_DAYS = env_int("WIJKREGIE_JOB_RUNS_KEEP_DAYS", 14)
WIJKREGIE_DIGEST_MAIL = env_bool("WIJKREGIE_DIGEST_MAIL", True)
WIJKREGIE_DEMO_PROVIDER_ANSWERS = env_bool("WIJKREGIE_DEMO_PROVIDER_ANSWERS", False)
# The DDAS Vroegsignalering delivery to CBS names its supplier (codeGegevensleverancier): the software
# supplier or hosting party that delivers for one or more municipalities.
WIJKREGIE_DDAS_SUPPLIER_CODE = env_str("WIJKREGIE_DDAS_SUPPLIER_CODE", "").strip() or "WIJKREGIE"

# Mail (staff invitations). The console backend prints mails instead of sending them.
EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "wijkregie@localhost")
PASSWORD_RESET_TIMEOUT = env_int("WIJKREGIE_INVITATION_DAYS", 3) * 86400

DEFAULT_EXCEPTION_REPORTER_FILTER = "wijkregie.core.errors.PersonalDataReporterFilter"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_personal_data": {"()": "wijkregie.core.logging.RedactPersonalData"}},
    # "json": one object per line for a log collector (production); "tekst": one readable line.
    "formatters": {"line": formatter(env_str("WIJKREGIE_LOG_FORMAT", "tekst"))},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["no_personal_data"], "formatter": "line"},
    },
    "root": {"handlers": ["console"], "level": env_str("WIJKREGIE_LOG_LEVEL", "INFO")},
    "loggers": {
        # Django logs request URLs and bodies on errors; the filter strips BSN-shaped numbers from them.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # The development server's access log: Django's own handler for it would bypass the filter.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # The scheduler says every start and end of a job; the jobs log their own outcome (wijkregie.jobs).
        "apscheduler": {"level": "WARNING"},
    },
}
