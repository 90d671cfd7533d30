"""The trip request and the post-trip report: fixed fields first, then the admin's own."""

from django import forms
from django.utils.translation import gettext_lazy

from forms.leave.models.page import UsernameField
from forms.models import ApprovalFormPage
from forms.uploads import AttachmentField

from .records import Scope


class UsernamesField(forms.MultipleChoiceField):
    """Colleagues by username: the choices help the browser, any active account is valid."""

    holds_usernames = True

    def valid_value(self, value):
        return UsernameField.valid_value(self, value)


def _date(label, required=True):
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(
            format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}
        ),
    )


def trip_fields(*, required: bool = True) -> dict:
    return {
        "destination": forms.CharField(
            label=gettext_lazy("Nơi đến"), max_length=255, required=required
        ),
        "scope": forms.ChoiceField(
            label=gettext_lazy("Phạm vi"),
            choices=[("", "---------"), *Scope.choices],
            required=required,
        ),
        "start_date": _date(gettext_lazy("Từ ngày"), required),
        "end_date": _date(gettext_lazy("Đến ngày"), required),
        "purpose": forms.CharField(
            label=gettext_lazy("Mục đích, nội dung công tác"),
            max_length=4000,
            required=required,
            widget=forms.Textarea(attrs={"rows": 3}),
        ),
    }


class TripFormPage(ApprovalFormPage):
    """Đăng ký đi công tác."""

    kind = "trip"
    template = "forms/approval_form_page.html"
    landing_page_template = "forms/approval_form_page.html"

    class Meta:
        verbose_name = gettext_lazy("đăng ký đi công tác")
        verbose_name_plural = gettext_lazy("đăng ký đi công tác")

    def core_form_fields(self) -> dict:
        return {
            **trip_fields(),
            "participants": UsernamesField(
                label=gettext_lazy("Người đi cùng"),
                required=False,
                widget=forms.CheckboxSelectMultiple,
            ),
            "vehicle": forms.BooleanField(label=gettext_lazy("Cần xe cơ quan"), required=False),
            "private": forms.BooleanField(
                label=gettext_lazy("Đi nước ngoài việc riêng"),
                required=False,
                help_text=gettext_lazy("Chỉ chọn khi phạm vi là nước ngoài."),
            ),
            "handover_to": UsernameField(
                label=gettext_lazy("Người điều hành đơn vị khi vắng"),
                required=False,
                help_text=gettext_lazy(
                    "Bắt buộc với trưởng đơn vị đi công tác trên 2 ngày: người này được ủy "
                    "quyền xử lý công việc trong thời gian đi."
                ),
            ),
        }

    def prepare_core_form(self, *, form) -> None:
        from forms.leave.selectors import handover_choices

        if form.user is None:
            return
        colleagues = handover_choices(user=form.user)
        form.fields["participants"].choices = colleagues
        form.fields["handover_to"].choices = [("", "— —"), *colleagues]

    def clean_core(self, *, form, cleaned_data: dict) -> dict:
        from ..services import trip_clean

        return trip_clean(form=form, cleaned_data=cleaned_data)

    def submission_title(self, *, data: dict, requester) -> str:
        from django.utils.translation import gettext as _

        name = requester.get_full_name() or requester.username
        return _("Đi công tác %(destination)s — %(name)s") % {
            "destination": data.get("destination", ""),
            "name": name,
        }

    def submission_detail_context(self, *, request, submission) -> dict:
        from ..selectors import trip_detail_context

        return trip_detail_context(user=request.user, submission=submission)


class TripReportFormPage(ApprovalFormPage):
    """Báo cáo kết quả công tác: for a trip of the portal, or one that was not requested."""

    kind = "trip_report"
    template = "forms/approval_form_page.html"
    landing_page_template = "forms/approval_form_page.html"

    class Meta:
        verbose_name = gettext_lazy("báo cáo kết quả công tác")
        verbose_name_plural = gettext_lazy("báo cáo kết quả công tác")

    def core_form_fields(self) -> dict:
        return {
            "trip": forms.ChoiceField(
                label=gettext_lazy("Chuyến công tác"),
                required=False,
                help_text=gettext_lazy(
                    "Chuyến đã đăng ký trên cổng; để trống nếu chuyến đi không đăng ký trên "
                    "cổng (ví dụ được giao qua điện thoại) và ghi thông tin chuyến đi bên dưới."
                ),
            ),
            "results": forms.CharField(
                label=gettext_lazy("Kết quả công tác"),
                max_length=10000,
                widget=forms.Textarea(attrs={"rows": 6}),
            ),
            "proposals": forms.CharField(
                label=gettext_lazy("Đề xuất, kiến nghị"),
                max_length=10000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            ),
            "attachment": AttachmentField(
                label=gettext_lazy("Tài liệu kèm theo"),
                required=False,
                max_size_mb=20,
                allowed=["pdf", "jpg", "png", "docx", "xlsx"],
                help_text=gettext_lazy("Biên bản, hình ảnh…"),
            ),
            **trip_fields(required=False),
        }

    def prepare_core_form(self, *, form) -> None:
        from ..selectors import reportable_trip_choices

        if form.user is not None:
            form.fields["trip"].choices = [
                ("", gettext_lazy("— Chuyến đi không đăng ký trên cổng —")),
                *reportable_trip_choices(user=form.user),
            ]

    def clean_core(self, *, form, cleaned_data: dict) -> dict:
        from ..services import report_clean

        return report_clean(form=form, cleaned_data=cleaned_data)

    def submission_check(self, *, data: dict, requester, submission=None) -> None:
        from ..services import report_check

        report_check(data=data, requester=requester, submission=submission)

    def submission_title(self, *, data: dict, requester) -> str:
        from django.utils.translation import gettext as _

        name = requester.get_full_name() or requester.username
        return _("Báo cáo kết quả công tác %(destination)s — %(name)s") % {
            "destination": data.get("destination", ""),
            "name": name,
        }

    def submission_detail_context(self, *, request, submission) -> dict:
        from ..selectors import trip_detail_context

        return trip_detail_context(user=request.user, submission=submission)
