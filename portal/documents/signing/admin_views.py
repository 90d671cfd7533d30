from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .ca import certificate_revoke
from .models import RevocationReason, SigningCertificate


def may_revoke(user) -> bool:
    return user.has_perm("signing.change_signingcertificate")


class RevokeForm(forms.Form):
    reason = forms.ChoiceField(
        label=gettext_lazy("Lý do thu hồi"), choices=RevocationReason.choices
    )


def certificate_revoke_view(request, pk: int):
    if not may_revoke(request.user):
        raise PermissionDenied
    certificate = get_object_or_404(SigningCertificate, pk=pk)
    listing = reverse("wagtailsnippets_signing_signingcertificate:list")
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if certificate_revoke(certificate=certificate, reason=form.cleaned_data["reason"]):
            messages.success(
                request,
                _("Đã thu hồi chứng thư %(s)s của %(n)s.")
                % {"s": certificate.serial, "n": certificate.common_name},
            )
        else:
            messages.warning(request, _("Chứng thư này đã bị thu hồi từ trước."))
        return redirect(listing)
    return TemplateResponse(
        request,
        "signing/admin/revoke.html",
        {
            "certificate": certificate,
            "form": form,
            "listing": listing,
            "page_title": _("Thu hồi chứng thư số"),
        },
    )
