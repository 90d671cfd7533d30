"""The Wagtail admin form of an approval form page.

``ApprovalFormPage.clean`` checks the field names against the fields already saved, because
the model cannot see the inline fields being edited until the form saves them; a duplicate
typed in the same save would then pass validation and fail in ``save_revision`` (a server
error). This form checks the submitted fields themselves and puts the error on each
duplicated label, where the administrator sees it.
"""

from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.contrib.forms.utils import get_field_clean_name


class ApprovalFormPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        self._check_field_names()
        return cleaned_data

    def _check_field_names(self):
        formset = self.formsets.get("form_fields")
        if formset is None or not formset.is_valid():
            return
        by_name: dict[str, list] = {}
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data.get("label") or data.get("DELETE"):
                continue
            by_name.setdefault(get_field_clean_name(data["label"]), []).append(form)
        for name, forms in by_name.items():
            if len(forms) < 2:
                continue
            labels = ", ".join(f"“{form.cleaned_data['label']}”" for form in forms)
            for form in forms:
                form.add_error(
                    "label",
                    _("Các trường %(labels)s có cùng tên máy “%(name)s”; hãy đặt nhãn khác nhau.")
                    % {"labels": labels, "name": name},
                )
