"""The leave form page: its fixed fields, how they are checked together, and its records."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forms.models import ApprovalFormPage
from forms.uploads import AttachmentField
from portal.calendar.services import Session


class UsernameField(forms.ChoiceField):
    """A colleague by username: the choices help the browser, any active account is valid."""

    holds_usernames = True

    default_error_messages = {
        "invalid_choice": gettext_lazy(
            "Không có tài khoản “%(value)s” đang hoạt động trên cổng; hãy chọn trong danh sách."
        ),
    }

    def valid_value(self, value):
        from portal.accounts.models import User

        return User.objects.filter(username=value, is_active=True).exists()


def _date_input():
    # A text box in dd/mm/yyyy rather than the browser's date picker, which follows the
    # browser's language (mm/dd/yyyy on an English system); ISO dates are accepted too (API).
    return forms.DateInput(
        format="%d/%m/%Y",
        attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"},
    )


class LeaveFormPage(ApprovalFormPage):
    """Đơn xin nghỉ phép: fixed leave fields first, then whatever the administrator adds."""

    kind = "leave"
    template = "leave/leave_form_page.html"
    landing_page_template = "leave/leave_form_page.html"

    class Meta:
        verbose_name = gettext_lazy("đơn xin nghỉ phép")
        verbose_name_plural = gettext_lazy("đơn xin nghỉ phép")

    def core_form_fields(self) -> dict:
        from ..selectors import leave_type_choices

        sessions = [(s.value, s.label) for s in Session]
        return {
            "leave_type": forms.ChoiceField(
                label=gettext_lazy("Loại nghỉ"), choices=[("", "---------"), *leave_type_choices()]
            ),
            "start_date": forms.DateField(label=gettext_lazy("Từ ngày"), widget=_date_input()),
            "start_session": forms.ChoiceField(
                label=gettext_lazy("Từ buổi"),
                choices=sessions,
                initial=Session.MORNING,
                required=False,
            ),
            "end_date": forms.DateField(label=gettext_lazy("Đến hết ngày"), widget=_date_input()),
            "end_session": forms.ChoiceField(
                label=gettext_lazy("Đến hết buổi"),
                choices=sessions,
                initial=Session.AFTERNOON,
                required=False,
            ),
            "reason": forms.CharField(
                label=gettext_lazy("Lý do"),
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 3}),
            ),
            "handover_to": UsernameField(
                label=gettext_lazy("Người nhận bàn giao công việc"),
                required=False,
                help_text=gettext_lazy(
                    "Bắt buộc với trưởng đơn vị nghỉ từ 1 ngày: người này được ủy quyền "
                    "xử lý công việc trong thời gian nghỉ."
                ),
            ),
            "attachment": AttachmentField(
                label=gettext_lazy("Giấy tờ kèm theo"),
                required=False,
                max_size_mb=10,
                allowed=["pdf", "jpg", "png"],
                help_text=gettext_lazy("Bắt buộc với nghỉ ốm (giấy ra viện, giấy nghỉ ốm)."),
            ),
        }

    def prepare_core_form(self, *, form) -> None:
        from ..selectors import handover_choices

        if "handover_to" in form.fields and form.user is not None:
            form.fields["handover_to"].choices = [
                ("", _("— Không chọn —")),
                *handover_choices(user=form.user),
            ]

    def clean_core(self, *, form, cleaned_data: dict) -> dict:
        from ..services import leave_clean

        return leave_clean(form=form, cleaned_data=cleaned_data)

    def submission_check(self, *, data: dict, requester, submission=None) -> None:
        from ..services import leave_check

        leave_check(data=data, requester=requester, submission=submission)

    def submission_title(self, *, data: dict, requester) -> str:
        name = requester.get_full_name() or requester.username
        start, end = data.get("start_date"), data.get("end_date")
        if not (isinstance(start, str) and isinstance(end, str)):
            return super().submission_title(data=data, requester=requester)
        dates = start if start == end else f"{start}/{end}"
        return _("Nghỉ phép — %(name)s (%(dates)s)") % {"name": name, "dates": _dmy(dates)}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if request.user.is_authenticated:
            from django.utils import timezone

            from ..ledger import leave_balance

            year = timezone.localdate().year
            context["balance"] = leave_balance(user=request.user, year=year)
        return context

    def submission_detail_context(self, *, request, submission) -> dict:
        from ..selectors import leave_detail_context

        return leave_detail_context(user=request.user, submission=submission)


def _dmy(text: str) -> str:
    # "2026-12-01/2026-12-03" → "01/12/2026–03/12/2026"
    parts = []
    for iso in text.split("/"):
        y, m, d = iso.split("-")
        parts.append(f"{d}/{m}/{y}")
    return "–".join(parts)
