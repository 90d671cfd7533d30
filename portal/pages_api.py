"""Wagtail's API v2, limited to public content whoever calls it."""

import copy

from django.contrib.auth.models import AnonymousUser
from wagtail.api.querysets import get_public_pages_queryset
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet


class PublicPagesAPIViewSet(PagesAPIViewSet):
    """Internal (login-restricted) pages are for the site, where MFA and audit apply; the
    headless page API serves what an anonymous visitor may read, even to a signed-in caller."""

    def get_base_queryset(self):
        anonymous = copy.copy(self.request._request)
        anonymous.user = AnonymousUser()
        anonymous.session = {}
        try:
            return get_public_pages_queryset(anonymous)
        except ValueError as exc:
            raise BadRequestError(str(exc)) from exc
