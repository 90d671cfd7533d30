"""The open feedback box: send feedback (/gop-y/) and follow it by receipt (/gop-y/tra-cuu/).

What these views never do, so that anonymous feedback stays anonymous:

- write to ``request.session`` or use the messages framework (both would tie the receipt or
  the case to a session): the receipt is rendered into the response to the POST, once;
- put the receipt into a URL (it is always POSTed, so it never reaches the server's access
  logs or the browser's history) or into a redirect;
- log anything about the request;
- pass the user to ``feedback_submit`` for anonymous feedback.

Every response is ``never_cache``: a receipt must not be kept by a browser or a proxy cache.
The CSRF cookie (set by ``{% csrf_token %}``) is random and identifies nobody.
"""

import hashlib
import secrets

from django.core.cache import cache
from django.forms import CheckboxInput
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from . import ratelimit
from .forms import ALLOWED_TYPES, FeedbackForm, ReceiptForm, WebReplyForm
from .handling import recipients_handled_by
from .models import FeedbackCase
from .services import case_by_receipt, feedback_submit, sender_reply

ONCE_FIELD = "once"
ONCE_SECONDS = 60 * 60


def _user(request):
    return request.user if request.user.is_authenticated else None


def _wants_anonymous(request) -> bool:
    """Before validation: a visitor is always anonymous; a logged-in user unless unticked."""
    if _user(request) is None:
        return True
    return CheckboxInput().value_from_datadict(request.POST, request.FILES, "anonymous")


def _claim_once(token: str) -> bool:
    """True the first time a form's token is used: reloading the page that shows the
    receipt re-sends the POST, and must not file the same feedback twice. Only a hash of
    the random token is kept, in the cache, for an hour."""
    if not token:
        return True
    key = "feedback:once:" + hashlib.sha256(token[:100].encode("utf-8", "replace")).hexdigest()
    return cache.add(key, 1, ONCE_SECONDS)


def _release_once(token: str) -> None:
    if token:
        cache.delete(
            "feedback:once:" + hashlib.sha256(token[:100].encode("utf-8", "replace")).hexdigest()
        )


def _new_page(request, form, *, status=200, once=None):
    return TemplateResponse(
        request,
        "feedback/new.html",
        {
            "form": form,
            "once_field": ONCE_FIELD,
            "once": once or secrets.token_urlsafe(16),
            "allowed_types": ", ".join(ALLOWED_TYPES).upper(),
            "is_visitor": _user(request) is None,
            # Handlers reach their cases from here and from the daily digest notice.
            "is_handler": bool(_user(request) and recipients_handled_by(user=request.user)),
        },
        status=status,
    )


@never_cache
@csrf_protect
@require_http_methods(["GET", "HEAD", "POST"])
def feedback_new(request):
    user = _user(request)
    if request.method != "POST":
        return _new_page(request, FeedbackForm(user=user))

    form = FeedbackForm(request.POST, request.FILES, user=user)
    once = request.POST.get(ONCE_FIELD, "")[:100]
    anonymous = _wants_anonymous(request)
    if anonymous and ratelimit.is_limited(request, "submit"):
        form.is_valid()  # show the values back with the refusal
        form.add_error(None, ratelimit.limited_message("submit"))
        return _new_page(request, form, status=429, once=once)
    if not form.is_valid():
        return _new_page(request, form, once=once)
    if not _claim_once(once):
        return TemplateResponse(request, "feedback/sent.html", {"repeated": True})
    data = form.cleaned_data
    try:
        filed = feedback_submit(
            recipient=data["recipient"],
            category=data["category"],
            title=data["title"],
            content=data["content"],
            anonymous=data["anonymous"],
            # Named feedback only: anonymous feedback never even reaches the service with it.
            user=None if data["anonymous"] else user,
            uploads=data["attachments"],
            publish_consent=data.get("publish_consent", False),
        )
    except ValueError as exc:  # an attachment whose metadata could not be read (metadata/)
        _release_once(once)
        form.add_error("attachments", str(exc))
        return _new_page(request, form, once=once)
    except Exception:
        _release_once(once)  # nothing was filed: sending the form again must work
        raise
    if filed.receipt is not None:
        ratelimit.count(request, "submit")
    # Rendered, not redirected: the receipt exists only in this response.
    return TemplateResponse(
        request,
        "feedback/sent.html",
        {"case": filed.case, "receipt": filed.receipt},
    )


def _dialogue(case: FeedbackCase | None):
    """The case's first files, and its messages each with their files (names only: the
    sender sees what was received, not a download)."""
    if case is None:
        return [], []
    files: dict[int | None, list[str]] = {}
    for attachment in case.attachments.order_by("pk"):
        files.setdefault(attachment.message_id, []).append(attachment.original_name)
    messages = [(message, files.get(message.pk, [])) for message in case.messages.all()]
    return files.get(None, []), messages


def _receipt_page(request, *, lookup=None, case=None, reply=None, status=200, replied=False):
    first_files, dialogue = _dialogue(case)
    return TemplateResponse(
        request,
        "feedback/receipt.html",
        {
            "lookup": lookup if lookup is not None else ReceiptForm(),
            "case": case,
            "dialogue": dialogue,
            "first_files": first_files,
            "reply": reply,
            "replied": replied,
            "closed": case is not None and case.status == FeedbackCase.Status.CLOSED,
            "allowed_types": ", ".join(ALLOWED_TYPES).upper(),
        },
        status=status,
    )


def _reply_form(case: FeedbackCase, receipt: str):
    if case.status == FeedbackCase.Status.CLOSED:
        return None
    return WebReplyForm(initial={"receipt": receipt})


def _find(request, receipt: str, lookup: ReceiptForm):
    """The case of a receipt, or a response refusing it (wrong, or too many wrong ones)."""
    if ratelimit.is_limited(request, "receipt"):
        lookup.add_error(None, ratelimit.limited_message("receipt"))
        return None, _receipt_page(request, lookup=lookup, status=429)
    case = case_by_receipt(receipt)
    if case is None:
        ratelimit.count(request, "receipt")
        lookup.fields["receipt"].widget.attrs["autofocus"] = True
        lookup.add_error(
            "receipt",
            _(
                "Không tìm thấy góp ý nào với mã này. Hãy kiểm tra lại mã (phân biệt chữ hoa, "
                "chữ thường)."
            ),
        )
        return None, _receipt_page(request, lookup=lookup)
    return case, None


@never_cache
@csrf_protect
@require_http_methods(["GET", "HEAD", "POST"])
def receipt_lookup(request):
    """GET: the form; POST: the case of the receipt, with the dialogue and a reply form."""
    if request.method != "POST":
        return _receipt_page(request)
    lookup = ReceiptForm(request.POST)
    if not lookup.is_valid():
        return _receipt_page(request, lookup=lookup)
    receipt = lookup.cleaned_data["receipt"]
    case, refused = _find(request, receipt, lookup)
    if refused:
        return refused
    # The look-up form is left empty: the code is not written into the page again in clear.
    return _receipt_page(request, case=case, reply=_reply_form(case, receipt))


@never_cache
@csrf_protect
@require_POST
def receipt_reply(request):
    form = WebReplyForm(request.POST, request.FILES)
    lookup = ReceiptForm(request.POST)
    if not lookup.is_valid():
        return _receipt_page(request, lookup=lookup)
    receipt = lookup.cleaned_data["receipt"]
    case, refused = _find(request, receipt, lookup)
    if refused:
        return refused
    if case.status == FeedbackCase.Status.CLOSED:
        return _receipt_page(request, case=case)
    if ratelimit.is_limited(request, "reply"):
        form.is_valid()
        form.add_error(None, ratelimit.limited_message("reply"))
        return _receipt_page(request, case=case, reply=form, status=429)
    if not form.is_valid():
        return _receipt_page(request, case=case, reply=form)
    try:
        sender_reply(
            case=case, body=form.cleaned_data["body"], uploads=form.cleaned_data["attachments"]
        )
    except ValueError as exc:  # an attachment whose metadata could not be read
        form.add_error("attachments", str(exc))
        return _receipt_page(request, case=case, reply=form)
    ratelimit.count(request, "reply")
    return _receipt_page(request, case=case, reply=_reply_form(case, receipt), replied=True)
