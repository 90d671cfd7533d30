"""The overtime registration page: when, who, where, what — then the caps."""

from django import forms
from django.utils.translation import gettext_lazy

from forms.models import ApprovalFormPage


class OvertimeFormPage(ApprovalFormPage):
    """Đăng ký làm ngoài giờ: fixed fields first, then whatever the administrator adds."""

    kind = "overtime"
    # Wagtail names a template after each page model unless it is set in the class itself.
    template = "forms/approval_form_page.html"
    landing_page_template = "forms/approval_form_page.html"

    class Meta:
        verbose_name = gettext_lazy("đăng ký làm ngoài giờ")
        verbose_name_plural = gettext_lazy("đăng ký làm ngoài giờ")

    def core_form_fields(self) -> dict:
        from .records import OvertimeSettings

        fields = {
            "date": forms.DateField(
                label=gettext_lazy("Ngày làm"),
                widget=forms.DateInput(
                    format="%d/%m/%Y",
                    attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"},
                ),
            ),
            "start_time": forms.TimeField(
                label=gettext_lazy("Từ giờ"),
                widget=forms.TimeInput(format="%H:%M", attrs={"placeholder": "HH:MM"}),
            ),
            "end_time": forms.TimeField(
                label=gettext_lazy("Đến giờ"),
                help_text=gettext_lazy("Giờ kết thúc sớm hơn giờ bắt đầu là sang ngày hôm sau."),
                widget=forms.TimeInput(format="%H:%M", attrs={"placeholder": "HH:MM"}),
            ),
            "participants": forms.MultipleChoiceField(
                label=gettext_lazy("Người làm thêm"),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text=gettext_lazy("Người trong đơn vị; để trống là chính người đăng ký."),
            ),
            "location": forms.CharField(
                label=gettext_lazy("Địa điểm, phòng làm việc"), max_length=255
            ),
            "tasks": forms.CharField(
                label=gettext_lazy("Nội dung công việc"),
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 3}),
            ),
        }
        fields["participants"].holds_usernames = True  # shown by name on the submission page
        if OvertimeSettings.load().allow_late:
            fields["late_reason"] = forms.CharField(
                label=gettext_lazy("Lý do đăng ký muộn"),
                required=False,
                max_length=1000,
                help_text=gettext_lazy("Chỉ ghi khi đăng ký cho thời gian đã qua."),
            )
        return fields

    def prepare_core_form(self, *, form) -> None:
        from ..selectors import participant_choices

        if form.user is not None and "participants" in form.fields:
            form.fields["participants"].choices = participant_choices(user=form.user)
            form.fields["participants"].initial = [form.user.username]

    def clean_core(self, *, form, cleaned_data: dict) -> dict:
        from ..services import overtime_clean

        return overtime_clean(form=form, cleaned_data=cleaned_data)

    def submission_check(self, *, data: dict, requester, submission=None) -> None:
        from ..services import overtime_check

        overtime_check(data=data, requester=requester, submission=submission)

    def submission_title(self, *, data: dict, requester) -> str:
        from django.utils.translation import gettext as _

        name = requester.get_full_name() or requester.username
        day = data.get("date")
        if not isinstance(day, str) or day.count("-") != 2:
            return super().submission_title(data=data, requester=requester)
        y, m, d = day.split("-")
        return _("Làm ngoài giờ — %(name)s (%(day)s %(start)s–%(end)s)") % {
            "name": name,
            "day": f"{d}/{m}/{y}",
            "start": str(data.get("start_time", ""))[:5],
            "end": str(data.get("end_time", ""))[:5],
        }

    def submission_detail_context(self, *, request, submission) -> dict:
        from ..actual import actual_detail_context

        return actual_detail_context(user=request.user, submission=submission)
