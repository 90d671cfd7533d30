"""Document pages: download, generation state, the registry's queue, public verification."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forms.feedback import ratelimit
from forms.selectors import submission_visible_to

from .models import Document
from .numbering import NumberingError, document_number_assign
from .selectors import document_state_for, registry_queue_for, user_is_registry
from .services import document_sync_schedule
from .verification import VerifyForm, verification_check


def _visible_document(request, uid) -> Document:
    document = get_object_or_404(
        Document.objects.select_related("submission", "template", "issuing_unit"), uid=uid
    )
    # 404, not 403, as for the submission itself: a stranger must not learn it exists.
    if not submission_visible_to(user=request.user, submission=document.submission):
        raise Http404
    return document


@login_required
def document_download(request, uid):
    document = _visible_document(request, uid)
    if not document.file:
        raise Http404
    name = document.number_text or f"{document.template.code}-{document.submission_id}"
    filename = name.replace("/", "_") + ".pdf"
    response = FileResponse(document.file.open("rb"), content_type="application/pdf")
    disposition = "attachment" if request.GET.get("tai") else "inline"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{filename}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def document_state(request, uid):
    """What the submission page polls while the document is being made."""
    document = _visible_document(request, uid)
    return JsonResponse(document_state_for(document=document))


@login_required
def registry_queue(request):
    if not user_is_registry(user=request.user):
        raise PermissionDenied
    return render(
        request, "documents/registry.html", {"documents": registry_queue_for(user=request.user)}
    )


@login_required
@require_POST
def registry_number(request, uid):
    if not user_is_registry(user=request.user):
        raise PermissionDenied
    document = get_object_or_404(Document, uid=uid)
    try:
        document = document_number_assign(document=document, user=request.user)
    except NumberingError as exc:
        messages.error(request, str(exc))
    else:
        document_sync_schedule(document_id=document.pk)
        messages.success(
            request,
            _("Đã cấp số %(number)s; văn bản đang được đóng dấu số.")
            % {"number": document.number_text},
        )
    return redirect("documents:registry")


def verify(request, code: str):
    """Public: anyone holding the paper or the file can check it was issued here."""
    document = (
        Document.objects.select_related("template", "issuing_unit")
        .prefetch_related("signatures")
        .filter(verify_code=code.upper(), status=Document.Status.ISSUED)
        .first()
    )
    if document is None:
        return render(request, "documents/verify_unknown.html", {"code": code}, status=404)
    result, limited, status = None, "", 200
    form = VerifyForm()
    if request.method == "POST":
        form = VerifyForm(request.POST, request.FILES)
        if ratelimit.is_limited(request, "verify"):
            limited, status = ratelimit.limited_message("verify"), 429
        elif form.is_valid():
            ratelimit.count(request, "verify")
            result = verification_check(document=document, upload=form.cleaned_data["file"])
    context = {
        "document": document,
        "form": form,
        "result": result,
        "limited": limited,
        "roots_url": reverse("documents:trust_roots"),
    }
    return render(request, "documents/verify.html", context, status=status)


def verify_short(request, code: str):
    return redirect("documents:verify", code=code.upper())


def trust_roots(request):
    from .signing.services import trust_roots_pem

    response = HttpResponse(trust_roots_pem(), content_type="application/x-pem-file")
    response["Content-Disposition"] = 'attachment; filename="chung-thu-goc.pem"'
    return response
