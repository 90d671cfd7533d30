from django.conf import settings
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from .api import api
from .home.views import favicon
from .pages_api import PublicPagesAPIViewSet

api_v2 = WagtailAPIRouter("wagtailapi")
api_v2.register_endpoint("pages", PublicPagesAPIViewSet)

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    # Wagtail's own login forms ask only for the password: every login goes through allauth's,
    # which asks approvers and administrators for their TOTP code.
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="account_login", query_string=True),
        name="admin_login_redirect",
    ),
    path(
        "_util/login/",
        RedirectView.as_view(pattern_name="account_login", query_string=True),
        name="page_login_redirect",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", api.urls),
    path("api/v2/", api_v2.urls),
    path("bieu-mau/", include("forms.urls")),
    path("nghi-phep/", include("forms.leave.urls")),
    path("ngoai-gio/", include("forms.overtime.urls")),
    path("gop-y/xu-ly/", include("forms.feedback.handler_urls")),
    path("gop-y/", include("forms.feedback.urls")),
    path("cong-tac/", include("forms.trips.urls")),
    path("viec-can-xu-ly/", include("flows.urls")),
    path("thong-bao/", include("portal.notifications.urls")),
    # These define their own full paths (documents, verification, feeds, search).
    path("", include("portal.documents.urls")),
    path("", include("portal.disclosure.urls")),
    path("", include("portal.regulations.urls")),
    path("", include("portal.search.urls")),
    path("theo-doi/", include("portal.dashboard.urls")),
    path("sitemap.xml", sitemap),
    path("favicon.ico", favicon, name="favicon"),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

if settings.BENCH_ENDPOINTS:
    urlpatterns.append(path("bench/", include("portal.bench.urls")))

urlpatterns += [path("", include(wagtail_urls))]
