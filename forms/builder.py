"""Wagtail's form builder plus the portal's attachment field."""

from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.forms import FormBuilder
from wagtail.contrib.forms.models import FORM_FIELD_CHOICES

from .uploads import AttachmentField, parse_allowed

FIELD_CHOICES = [*FORM_FIELD_CHOICES, ("file", _("Tệp đính kèm"))]


class PortalFormBuilder(FormBuilder):
    def create_file_field(self, field, options):
        options.pop("initial", None)
        return AttachmentField(
            max_size_mb=field.max_size_mb, allowed=parse_allowed(field.allowed_types), **options
        )
