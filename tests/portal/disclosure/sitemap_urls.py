"""The sitemap line the lead is asked to add to portal/urls.py, with Wagtail's page serving
(portal.urls itself cannot be imported twice: its ninja API registers once)."""

from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.contrib.sitemaps.views import sitemap

urlpatterns = [path("sitemap.xml", sitemap), path("", include(wagtail_urls))]
