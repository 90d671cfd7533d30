"""Settings shared by every environment; each value that differs by deployment comes
from the environment so that no secret or host name lives in the repository."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("PORTAL_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "portal.accounts",
    "portal.org",
    "portal.home",
    "portal.demo",
    "portal.notifications",
    "portal.calendar.apps.CalendarConfig",
    "portal.documents",
    "portal.documents.signing",
    "portal.disclosure",
    "portal.regulations",
    "portal.search",
    "portal.dashboard",
    "forms",
    "forms.leave",
    "forms.overtime",
    "forms.trips",
    "forms.feedback",
    "flows",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "portal.accounts.apps.PortalWagtailUsersConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtail.api.v2",
    "wagtail.api.v3",
    "rest_framework",
    "modelcluster",
    "taggit",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "viewflow",
    "viewflow.workflow",
    # Listed so that the API docs serve Swagger UI from our static files, not from a CDN.
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.memo.RequestMemoMiddleware",
    "portal.middleware.PermissionsPolicyMiddleware",
    "portal.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.accounts.middleware.BearerTokenMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.disclosure.cache.AnonymousPageCacheMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "portal.accounts.middleware.RequireMfaMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "portal.context_processors.navigation",
            ],
        },
    },
]

# SQLite under var/ is the embedded default; production and CI set DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "portal",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "portal.accounts.backends.UnitHeadBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Security headers, the same in every environment so that tests and development see what
# production sends (production adds HSTS and HTTPS-only cookies).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = {
    feature: ()
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}
# The portal's own pages: scripts and styles only from our static files, plus the inline
# <script>/<style> blocks that carry the request's nonce (request.csp_nonce). No style=""
# attributes: templates use classes. data: images are the inline QR codes and SVG icons.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
# Wagtail 8's admin still has inline scripts and style attributes in its templates and
# widgets (wagtail/wagtail#1288), so it gets 'unsafe-inline' and no nonce (a nonce would
# switch 'unsafe-inline' off); only staff with admin access see it. The preview panel and
# the document template preview frame admin pages, hence frame-ancestors 'self'.
_ADMIN_CSP = {
    "default-src": [SELF],
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
    "font-src": [SELF, "data:"],
    "connect-src": [SELF],
    "frame-src": [SELF],
    "worker-src": [SELF, "blob:"],
    "object-src": [NONE],
    "base-uri": [SELF],
    "frame-ancestors": [SELF],
    "form-action": [SELF],
}
# Swagger UI (served from django-ninja's static files) sets style attributes from script.
_API_DOCS_CSP = {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:"],
    "connect-src": [SELF],
    "object-src": [NONE],
    "base-uri": [SELF],
    "frame-ancestors": [NONE],
    "form-action": [SELF],
}
PORTAL_CSP_PATH_POLICIES = [("/admin/", _ADMIN_CSP), ("/api/v1/docs", _API_DOCS_CSP)]
# A browser shows a PDF with its viewer plugin: object-src must allow our own origin.
PORTAL_CSP_PDF_POLICY = {
    "default-src": [NONE],
    "object-src": [SELF],
    "frame-ancestors": [SELF],
    "base-uri": [NONE],
    "form-action": [NONE],
}

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# Sessions end after a working day, and when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 60 * 60)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

# django-allauth: accounts are created by administrators or the staff import.
ACCOUNT_ADAPTER = "portal.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
# "key" is the login typed (username or e-mail) and, for the MFA code form, the account:
# five wrong passwords or five wrong codes lock that account for five minutes, the right
# password included. The per-IP figures allow for a whole office behind one NAT address.
ACCOUNT_RATE_LIMITS = {
    "login": "60/m/ip",
    "login_failed": "20/m/ip,5/5m/key",
    "reset_password": "20/m/ip,3/15m/key",
    "reset_password_from_key": "20/m/ip",
    "reauthenticate": "10/m/user",
    "change_password": "5/m/user",
}
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_USER_DISPLAY = "portal.accounts.models.display_name"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Cổng biểu mẫu] "
# Accounts are issued by administrators, so an address not yet confirmed through allauth is
# still the person's own; without this a leader who once asked for a password reset could
# never set up the MFA that the portal requires of him.
MFA_ALLOW_UNVERIFIED_EMAIL = True
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = os.environ.get("MFA_TOTP_ISSUER", "Cổng biểu mẫu Sở")
MFA_ADAPTER = "portal.accounts.adapter.MFAAdapter"

LANGUAGE_CODE = "vi"
# Each language named in itself (NFC text), as the language switch shows it.
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
# django-allauth has no Vietnamese catalogue; ours lives in its own directory because
# `makemessages --no-obsolete` on locale/ would drop strings that no project file uses.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "allauth"]
FORMAT_MODULE_PATH = ["portal.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Media holds private attachments: it is never served by URL, only by permission-checked views.
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_PERMISSIONS = 0o640

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Cổng biểu mẫu <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Django Tasks: run in-process by default; production switches to the database worker.
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

WAGTAIL_SITE_NAME = os.environ.get("WAGTAIL_SITE_NAME", "Cổng biểu mẫu Sở Công Thương")
WAGTAILADMIN_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000")
# One login for the site and the admin, so MFA and the rate limits apply to both.
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
# Passwords are reset through allauth only: one path, with its rate limits and messages.
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_I18N_ENABLED = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatars from gravatar.com: staff e-mail hashes stay here, and the admin's CSP allows
# images from this site only.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_USER_TIME_ZONES = ["Asia/Ho_Chi_Minh"]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "odt", "ods", "png", "jpg", "jpeg"]

DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "demo-2026")
# API tokens expire after this many days unless issued with another lifetime (0 = never).
API_TOKEN_DEFAULT_DAYS = int(os.environ.get("API_TOKEN_DEFAULT_DAYS", "365"))
# `make bench` only: the bare reference view under /bench/ (portal/bench); never in production.
BENCH_ENDPOINTS = env_bool("BENCH_ENDPOINTS", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # One line per background task is noise in the console; failures still show.
    "loggers": {"django_tasks": {"level": os.environ.get("TASKS_LOG_LEVEL", "WARNING")}},
}

PORTAL_ORGANISATION_NAME = _("Sở Công Thương")

# Documents (portal/documents): approved requests become signed PDFs.
DOCUMENTS_GENERATE = env_bool("DOCUMENTS_GENERATE", True)
# Printed on documents: the place in "<place>, ngày … tháng … năm …" and the Sở's parent body.
DOCUMENTS_PLACE = os.environ.get("DOCUMENTS_PLACE", "An Giang")
DOCUMENTS_PARENT_BODY = os.environ.get("DOCUMENTS_PARENT_BODY", "UBND TỈNH AN GIANG")
# Encrypts the internal CA's and the personal keys at rest; SECRET_KEY when empty. Changing it
# makes the stored keys unreadable: set it once, keep it in the secret store with SECRET_KEY.
DOCUMENTS_KEY_SECRET = os.environ.get("DOCUMENTS_KEY_SECRET", "")
# Issue a personal certificate from the internal CA to an approver who has none, at his first
# signature; off, an administrator issues them (manage.py documents_cert_issue).
DOCUMENTS_AUTO_ISSUE_CERTIFICATES = env_bool("DOCUMENTS_AUTO_ISSUE_CERTIFICATES", True)
# An RFC 3161 timestamp server for the seal's signature (none when empty).
DOCUMENTS_TSA_URL = os.environ.get("DOCUMENTS_TSA_URL", "")
# More trusted roots (PEM files) for the verification page, e.g. a national CA's.
DOCUMENTS_EXTRA_TRUST_ROOTS = env_list("DOCUMENTS_EXTRA_TRUST_ROOTS")
