"""Admin: menu "Chữ ký số" — certificates and devices, read-mostly, with a revoke action.

Nothing is added or edited here (certificates come from the CA commands, so keys never pass
through a form) and no key material is ever listed.
"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets.button import Button
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import admin_views
from .models import CertificateAuthority, SigningCertificate, SigningDevice


class ReadOnlyPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete", "lock", "unlock"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, a) for a in actions)


for _model in (CertificateAuthority, SigningCertificate, SigningDevice):
    register_permission_policy(_model, ReadOnlyPolicy(_model))


class _ReadOnly(SnippetViewSet):
    inspect_view_enabled = True


class AuthorityViewSet(_ReadOnly):
    model = CertificateAuthority
    icon = "lock"
    menu_label = _("CA nội bộ")
    list_display = ["name", "serial", "not_before", "not_after", "is_active"]
    inspect_view_fields = [
        "name",
        "serial",
        "not_before",
        "not_after",
        "is_active",
        "certificate_pem",
    ]


class CertificateViewSet(_ReadOnly):
    model = SigningCertificate
    icon = "key"
    menu_label = _("Chứng thư số")
    list_display = [
        "common_name",
        "kind",
        "unit_name",
        "title",
        "serial",
        "not_after",
        "revoked_at",
    ]
    list_filter = ["kind"]
    search_fields = ["common_name", "serial"]
    inspect_view_fields = [
        "kind",
        "user",
        "common_name",
        "organisation",
        "unit_name",
        "title",
        "serial",
        "authority",
        "not_before",
        "not_after",
        "revoked_at",
        "revocation_reason",
        "certificate_pem",
    ]


class DeviceViewSet(_ReadOnly):
    model = SigningDevice
    icon = "mobile-alt"
    menu_label = _("Thiết bị ký số")
    list_display = ["name", "kind", "user", "is_seal", "is_active", "certificate"]
    inspect_view_fields = [
        "name",
        "kind",
        "user",
        "is_seal",
        "is_active",
        "certificate",
        "module_path",
        "token_label",
        "key_label",
        "key_id",
        "cert_label",
    ]


class SigningGroup(SnippetViewSetGroup):
    menu_label = _("Chữ ký số")
    menu_icon = "key"
    menu_order = 320
    items = (CertificateViewSet, DeviceViewSet, AuthorityViewSet)


register_snippet(SigningGroup)


@hooks.register("register_admin_urls")
def register_signing_urls():
    # Wagtail wraps these in require_admin_access; the view checks the change permission.
    return [
        path(
            "chu-ky-so/thu-hoi/<int:pk>/",
            admin_views.certificate_revoke_view,
            name="signing_certificate_revoke",
        )
    ]


@hooks.register("register_snippet_listing_buttons")
def revoke_button(snippet, user, next_url=None):
    if (
        isinstance(snippet, SigningCertificate)
        and not snippet.revoked_at
        and admin_views.may_revoke(user)
    ):
        yield Button(
            _("Thu hồi"),
            reverse("signing_certificate_revoke", args=[snippet.pk]),
            icon_name="cross",
            priority=50,
        )
