"""Settings for the Buskerud Senterparti portal.

Every value comes from the environment (see README.md, "Konfigurasjon"), with safe local
defaults for a laptop. With ``DEBUG=false`` the portal refuses to start on an unsafe value.
"""

import base64
import hashlib
import re
import secrets
from decimal import Decimal, InvalidOperation
from pathlib import Path

import environ
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

INSECURE_DEFAULT_SECRET = "django-insecure-local-development-only-never-in-production"  # noqa: S105

env = environ.Env()


def _bool(name: str, default: bool) -> bool:
    """Read a boolean strictly: a typo such as DEBUG=ture stops start-up instead of passing."""
    raw = env.str(name, default=None)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use true or false).")


def _int(name: str, default: int) -> int:
    raw = env.str(name, default=None)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None


DEBUG = _bool("DEBUG", True)
SECRET_KEY = env.str("SECRET_KEY", default=INSECURE_DEFAULT_SECRET)
if not DEBUG and (SECRET_KEY == INSECURE_DEFAULT_SECRET or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters when DEBUG=false."
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "buskerud_sp.admin_site.PortalAdminConfig",  # Django's admin, logging in through allauth
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "anymail",  # the mail provider's webhooks (bounces) and, optionally, its API backend
    "buskerud_sp.core",  # the base layer; owns the models under the label "buskerud_sp"
    "buskerud_sp",  # the project shell (label "portal")
    "lokallag",
    "medlemmer",
    "aktiviteter",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "buskerud_sp.middleware.RejectNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "buskerud_sp.middleware.LanguageMiddleware",  # after auth: the user's chosen language
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "buskerud_sp.middleware.SessionActivityMiddleware",  # allauth's usersessions, once a minute
    "django_htmx.middleware.HtmxMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "buskerud_sp.middleware.RequireMfaMiddleware",
]

ROOT_URLCONF = "buskerud_sp.urls"
WSGI_APPLICATION = "buskerud_sp.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "buskerud_sp.context_processors.portal",
            ],
        },
    }
]

# --- Database -----------------------------------------------------------------------------
VAR_DIR.mkdir(exist_ok=True)
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}")
}
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory, so that a Celery worker started by a test sees the test database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
else:
    DATABASES["default"]["CONN_MAX_AGE"] = _int("CONN_MAX_AGE", 60)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (allauth's rate limits live here, so it must be shared between processes) --------
REDIS_URL = env.str("REDIS_URL", default="")


def _redis_db(url: str, db: int) -> str:
    """The same Redis server, another database: the cache is flushed in tests, the broker not."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{db}"))


CACHE_URL = env.str("CACHE_URL", default=_redis_db(REDIS_URL, 1) if REDIS_URL else "")
CACHE_KEY_PREFIX = env.str("CACHE_KEY_PREFIX", default="bsp")
if CACHE_URL:
    # Redis; while it does not answer, the database (buskerud_sp.core.cache): pages, logins and
    # registrations go on, and the rate limits stay shared between processes.
    CACHES = {
        "default": {
            "BACKEND": "buskerud_sp.core.cache.RedisWithFallbackCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": {
                "fallback": "fallback",
                "retry_seconds": _int("CACHE_RETRY_SECONDS", 5),
                # A Redis that hangs costs a request at most this long, then the pause above.
                "socket_connect_timeout": 1,
                "socket_timeout": 1,
            },
        },
        "fallback": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "buskerud_sp_cache",
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            # Room for an outage's rate-limit counts beside the figures: a cull at the
            # default 300 entries could drop counts and loosen the login limit.
            "OPTIONS": {"MAX_ENTRIES": 20000},
        },
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env.str("CACHE_DIR", default=str(VAR_DIR / "cache")),
        }
    }

# --- Authentication (django-allauth) -------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    # Password login through allauth's forms, by the account's login address only.
    "buskerud_sp.auth_backends.LoginAddressBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGOUT_REDIRECT_URL = "/konto/login/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
# One address per account (the login address). A new one waits, unusable, until the link
# mailed to it is followed; then it replaces the old one. Our e-mail page refuses another
# account's address and has no "make primary" of an unverified one.
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_FORMS = {
    "add_email": "buskerud_sp.account_email.AddEmailForm",
    "reset_password": "buskerud_sp.account_email.ResetPasswordForm",
}
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_ADAPTER = "buskerud_sp.adapters.PortalAccountAdapter"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Buskerud Sp] "
ACCOUNT_RATE_LIMITS = {
    # Ten attempts a minute per address; five wrong passwords per account and address in five
    # minutes, then a pause ("key" is account@address, see PortalAccountAdapter): an attacker
    # elsewhere cannot lock the owner out.
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
}
# Behind a reverse proxy every request arrives from the proxy's address: with a count of 0 all
# users share one IP for the rate limits, so one attacker slows everyone's login. The deploy
# check (`check --deploy`) refuses a count of 0 unless SERVED_WITHOUT_PROXY says that clients
# really connect straight to gunicorn.
ALLAUTH_TRUSTED_PROXY_COUNT = _int("ALLAUTH_TRUSTED_PROXY_COUNT", 0)
SERVED_WITHOUT_PROXY = _bool("SERVED_WITHOUT_PROXY", False)
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_ADAPTER = "buskerud_sp.adapters.PortalMFAAdapter"
MFA_FORMS = {
    "authenticate": "buskerud_sp.mfa_forms.PortalAuthenticateForm",
    "reauthenticate": "buskerud_sp.mfa_forms.PortalReauthenticateForm",
}


def _mfa_encryption_keys() -> list[str]:
    """Fernet keys for the two-factor secrets at rest (buskerud_sp.encryption), newest first.
    Production must set them; a laptop gets one derived from SECRET_KEY."""
    keys = env.list("MFA_ENCRYPTION_KEYS", default=[])
    if not keys:
        if not DEBUG:
            raise ImproperlyConfigured(
                "MFA_ENCRYPTION_KEYS must be set when DEBUG=false. Make a key with: python -c "
                '"from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"'
            )
        digest = hashlib.sha256(f"buskerud_sp.mfa-encryption:{SECRET_KEY}".encode()).digest()
        keys = [base64.urlsafe_b64encode(digest).decode("ascii")]
    for key in keys:
        try:
            Fernet(key)
        except ValueError:
            raise ImproperlyConfigured(
                "MFA_ENCRYPTION_KEYS holds a value that is not a Fernet key "
                "(32 url-safe base64-encoded bytes)."
            ) from None
    return keys


MFA_ENCRYPTION_KEYS = _mfa_encryption_keys()
MFA_PASSKEY_LOGIN_ENABLED = False
# Browsers allow WebAuthn on plain http only for localhost; production runs behind TLS.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
MFA_TOTP_ISSUER = "Buskerud Senterparti"
# allauth blocks setting up a second factor while any address waits for verification, against
# someone who signs up with another person's address. There is no sign-up here, and an address
# change in progress must not keep staff from the second factor every member page demands.
MFA_ALLOW_UNVERIFIED_EMAIL = True
USERSESSIONS_TRACK_ACTIVITY = True

# Board members, admins and chapter officers must set up two-factor login before they
# reach member data. On in production, off for the demo.
REQUIRE_MFA_FOR_STAFF = _bool("REQUIRE_MFA_FOR_STAFF", not DEBUG)

# The first hasher makes new hashes; the others only check old ones, which Django makes again
# with the first at the account's next login (tests/portal/test_password_hashing.py).
PASSWORD_HASHERS = [
    "buskerud_sp.hashers.PortalArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

SESSION_COOKIE_AGE = _int("SESSION_IDLE_SECONDS", 60 * 60 * 8)
# The age above is an idle timeout, not a fixed lifetime: SessionActivityMiddleware saves the
# session (moving its expiry on) at most this often, instead of on every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_ACTIVITY_SECONDS = 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Internationalisation ------------------------------------------------------------------
# Bokmål unless the user has chosen nynorsk (the footer's language form, kept in a cookie and
# on the user). The browser's Accept-Language is not consulted: every Norwegian header, nb, no
# or nn, gets bokmål, and English is not offered (the portal's strings are not translated).
# Language names are written in their own language, as language pickers do.
LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="nb")
LANGUAGES = [("nb", "Norsk bokmål"), ("nn", "Norsk nynorsk")]
# locale/: the portal's own strings (msgids in bokmål; `make messages`). locale_thirdparty/:
# Django's and allauth's strings that their own catalogues lack in nb or nn (allauth has no nn).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_thirdparty"]
LANGUAGE_COOKIE_NAME = "sprak"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Oslo")
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns about a missing folder before collectstatic
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = VAR_DIR / "media"

# Largest file accepted by the member import (/medlemmer/import/), in bytes.
MEMBER_IMPORT_MAX_BYTES = _int("MEMBER_IMPORT_MAX_BYTES", 10 * 1024 * 1024)

# --- E-mail (console locally, SMTP by URL in production) ---------------------------------
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Buskerud Senterparti <post@buskerudsp.no>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
_email = env.email_url("EMAIL_URL", default="consolemail://")
_email_options: dict = {}
if _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend"):
    _email_options = {
        "host": _email["EMAIL_HOST"],
        "port": _email["EMAIL_PORT"],
        "username": _email.get("EMAIL_HOST_USER") or None,
        "password": _email.get("EMAIL_HOST_PASSWORD") or None,
        "use_tls": bool(_email.get("EMAIL_USE_TLS")),
        "use_ssl": bool(_email.get("EMAIL_USE_SSL")),
        "timeout": 20,
    }
elif _email["EMAIL_BACKEND"].endswith("filebased.EmailBackend"):
    # filemail:///path/to/folder (an absolute path): a file per connection, for tests whose
    # mail is sent by another process (a Celery worker).
    _email_options = {"file_path": "/" + _email["EMAIL_FILE_PATH"].lstrip("/")}
MAILERS = {"default": {"BACKEND": _email["EMAIL_BACKEND"], "OPTIONS": _email_options}}

# --- SMS (printed locally, Sveve in production; see README «Konfigurasjon») ------------------
SMS_BACKEND = env.str("SMS_BACKEND", default="buskerud_sp.core.sms.ConsoleBackend")
SMS_FILE_PATH = env.str("SMS_FILE_PATH", default=str(VAR_DIR / "sms"))
# The sender name the recipient sees: at most 11 letters or digits (the networks' limit).
SMS_AVSENDER = env.str("SMS_AVSENDER", default="BuskerudSp")
if not 1 <= len(SMS_AVSENDER) <= 11:
    raise ImproperlyConfigured(f"SMS_AVSENDER={SMS_AVSENDER!r} must be 1 to 11 characters.")
SMS_PRIS_PER_MELDING = env.str("SMS_PRIS_PER_MELDING", default="0.45")
try:
    Decimal(SMS_PRIS_PER_MELDING)
except InvalidOperation:
    raise ImproperlyConfigured(
        f"SMS_PRIS_PER_MELDING={SMS_PRIS_PER_MELDING!r} is not a number (kroner, e.g. 0.45)."
    ) from None
SMS_TIMEOUT_SECONDS = _int("SMS_TIMEOUT_SECONDS", 10)
SVEVE_USER = env.str("SVEVE_USER", default="")
SVEVE_PASSWORD = env.str("SVEVE_PASSWORD", default="")
SVEVE_URL = env.str("SVEVE_URL", default="https://sveve.no/SMS/SendMessage")
if SMS_BACKEND.endswith(".SveveBackend") and not (SVEVE_USER and SVEVE_PASSWORD):
    raise ImproperlyConfigured("SMS_BACKEND is Sveve: set SVEVE_USER and SVEVE_PASSWORD.")

# --- The mail provider: Mailgun through django-anymail (README «E-postleverandør») -------------
# Bounces and complaints come from Mailgun's webhook (/anymail/mailgun/tracking/), which must
# carry both the basic-auth secret and Mailgun's HMAC signature. Unset, each is a random value
# nobody knows: the webhook then refuses every call. ANYMAIL_ESP=mailgun also sends through
# Mailgun's HTTP API (EU region by default) instead of EMAIL_URL's SMTP; the sent message's id
# is kept on the delivery row either way.
ANYMAIL_ESP = env.str("ANYMAIL_ESP", default="").strip().lower()
if ANYMAIL_ESP not in ("", "mailgun"):
    raise ImproperlyConfigured(f"ANYMAIL_ESP={ANYMAIL_ESP!r}: only 'mailgun' is supported.")
_webhook_secret = env.str("ANYMAIL_WEBHOOK_SECRET", default="")
_webhook_signing_key = env.str("MAILGUN_WEBHOOK_SIGNING_KEY", default="")
if _webhook_secret and ":" not in _webhook_secret:
    raise ImproperlyConfigured("ANYMAIL_WEBHOOK_SECRET must be 'user:password' (basic auth).")
if ANYMAIL_ESP and not DEBUG and not (_webhook_secret and _webhook_signing_key):
    raise ImproperlyConfigured(
        "ANYMAIL_ESP=mailgun needs ANYMAIL_WEBHOOK_SECRET and MAILGUN_WEBHOOK_SIGNING_KEY when "
        "DEBUG=false: without them no bounce is recorded."
    )
ANYMAIL = {
    "WEBHOOK_SECRET": _webhook_secret or f"closed:{secrets.token_urlsafe(32)}",
    "MAILGUN_WEBHOOK_SIGNING_KEY": _webhook_signing_key or secrets.token_urlsafe(32),
    "MAILGUN_API_URL": env.str("MAILGUN_API_URL", default="https://api.eu.mailgun.net/v3"),
}
if ANYMAIL_ESP == "mailgun":
    ANYMAIL["MAILGUN_API_KEY"] = env.str("MAILGUN_API_KEY")
    ANYMAIL["MAILGUN_SENDER_DOMAIN"] = env.str("MAILGUN_SENDER_DOMAIN", default="") or None
    # Django 6.1's MAILERS takes anymail's backend as it is (anymail 15 accepts ``alias``).
    MAILERS = {"default": {"BACKEND": "anymail.backends.mailgun.EmailBackend", "OPTIONS": {}}}

# --- Celery ---------------------------------------------------------------------------------
# Without REDIS_URL, kombu's filesystem transport: it needs no server and crosses processes.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS: dict = {}
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = Path(env.str("CELERY_FILESYSTEM_DIR", default=str(VAR_DIR / "broker")))
    for _sub in ("queue", "processed", "control"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
        "polling_interval": 0.2,
    }
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ALWAYS_EAGER = False
# Beat only ticks; each tick reads from the database what is due, so admins change times and
# pauses in the portal and nothing waits for days in the broker.
BEAT_TICK_SECONDS = _int("BEAT_TICK_SECONDS", 60)
CELERY_BEAT_SCHEDULE = {
    "tick": {"task": "buskerud_sp.tasks.tick", "schedule": float(BEAT_TICK_SECONDS)},
}
# The Tuesday calls exist this many weeks ahead.
TIRSDAGSMOTER_UKER_FRAM = _int("TIRSDAGSMOTER_UKER_FRAM", 8)

# --- Security -------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_COOKIE_HTTPONLY = False
if not DEBUG:
    SECURE_SSL_REDIRECT = _bool("SECURE_SSL_REDIRECT", True)
    # Only a proxy may say the client used HTTPS: without one the header is the client's own.
    if not SERVED_WITHOUT_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = _int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True

from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# The public calendar's embedded page (/arrangementer/?innebygd=1) may be framed by these sites
# only (CSP frame-ancestors, on that response alone; every other page keeps 'none' and DENY).
# Space-separated origins; https only, a «*.» wildcard allowed for subdomains.
PUBLIC_CALENDAR_FRAME_ANCESTORS = env.str(
    "PUBLIC_CALENDAR_FRAME_ANCESTORS",
    default="https://www.senterpartiet.no https://*.senterpartiet.no",
).split()
for _origin in PUBLIC_CALENDAR_FRAME_ANCESTORS:
    if not re.fullmatch(r"https://(\*\.)?[a-z0-9.-]+\.[a-z]{2,}(:\d+)?", _origin) and not (
        DEBUG and re.fullmatch(r"http://(localhost|127\.0\.0\.1)(:\d+)?", _origin)
    ):
        raise ImproperlyConfigured(
            f"PUBLIC_CALENDAR_FRAME_ANCESTORS: {_origin!r} is not an https origin "
            "(e.g. https://www.senterpartiet.no or https://*.senterpartiet.no)."
        )

# --- Logging: no personal data, only what happened ------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Calendar tokens and password-reset keys in a path ("Not Found: /kalender/…") are hidden.
    "filters": {"secret_paths": {"()": "buskerud_sp.accesslog.RedactSecretPaths"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["secret_paths"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint logs every rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="demo-passord-2024")
AUTH_USER_MODEL = "buskerud_sp.User"

# Demo data (personas with a known password) may only be loaded where DEBUG is on, unless a
# demo server explicitly allows it. Never in production.
DEMO_ENABLED = _bool("DEMO_ENABLED", DEBUG)

# --- Privacy (GDPR Art. 9; Datatilsynet on party membership) --------------------------------
# Members who leave without consenting to the historical archive are anonymised by the daily
# retention job this many days after they left (0: the next night).
RETENTION_LEFT_GRACE_DAYS = _int("RETENTION_LEFT_GRACE_DAYS", 0)
# Members whose dues are this many months overdue are flagged to the admins.
RETENTION_DUES_MONTHS = _int("RETENTION_DUES_MONTHS", 6)

# --- Audit trail integrity -------------------------------------------------------------------
# The audit chain's hashes are HMACs under this key, so that someone who can write to the
# database (and read this code) cannot recompute a rewritten chain. Never stored in the
# database; production refuses the development default.
INSECURE_DEFAULT_AUDIT_KEY = "audit-insecure-local-development-only-never-in-production"
AUDIT_HMAC_KEY = env.str("AUDIT_HMAC_KEY", default=INSECURE_DEFAULT_AUDIT_KEY)
if not DEBUG and (AUDIT_HMAC_KEY == INSECURE_DEFAULT_AUDIT_KEY or len(AUDIT_HMAC_KEY) < 32):
    raise ImproperlyConfigured(
        "AUDIT_HMAC_KEY must be set to a random value of at least 32 characters when "
        "DEBUG=false (and differ from SECRET_KEY)."
    )
if not DEBUG and AUDIT_HMAC_KEY == SECRET_KEY:
    raise ImproperlyConfigured("AUDIT_HMAC_KEY must differ from SECRET_KEY.")
# Head hash and row count of the chain, appended regularly to a file outside the database
# (in production on storage the database administrators cannot rewrite, e.g. append-only).
# verify_audit compares the database against every line, so truncation and rewrites show.
AUDIT_ANCHOR_FILE = Path(env.str("AUDIT_ANCHOR_FILE", default=str(VAR_DIR / "audit-anchors.log")))
