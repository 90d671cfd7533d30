"""One description of a form's fields, for the stored snapshot and for the API."""

from django import forms as djforms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy

from .uploads import AttachmentField

NUL_REFUSED = gettext_lazy("Giá trị chứa ký tự không hợp lệ (ký tự NUL).")

_KINDS = [
    (AttachmentField, "file"),
    (djforms.BooleanField, "checkbox"),
    (djforms.MultipleChoiceField, "multiselect"),
    (djforms.ChoiceField, "dropdown"),
    (djforms.DateTimeField, "datetime"),
    (djforms.DateField, "date"),
    (djforms.TimeField, "time"),
    (djforms.DecimalField, "number"),
    (djforms.FloatField, "number"),
    (djforms.IntegerField, "number"),
    (djforms.EmailField, "email"),
    (djforms.URLField, "url"),
]


def field_type_of(field: djforms.Field) -> str:
    for cls, name in _KINDS:
        if isinstance(field, cls):
            return name
    if isinstance(field.widget, djforms.Textarea):
        return "multiline"
    return "singleline"


def describe_form(form: djforms.Form) -> list[dict]:
    described = []
    for name, field in form.fields.items():
        pairs = [(str(v), str(label)) for v, label in getattr(field, "choices", []) if v != ""]
        entry = {
            "name": name,
            "label": str(field.label or name),
            "type": field_type_of(field),
            "required": bool(field.required),
            "choices": [value for value, _label in pairs],
        }
        # Coded choices (leave_type=annual) are shown by their label on the submission page.
        labels = {value: label for value, label in pairs if value != label}
        if labels:
            entry["choice_labels"] = labels
        # Usernames (a handover person, companions) are shown by name on the submission page.
        if getattr(field, "holds_usernames", False):
            entry["people"] = True
        described.append(entry)
    return described


def attachments_keep(form: djforms.Form, stored: dict) -> None:
    """On resubmission, an attachment already given need not be uploaded again: its field
    is optional and marked ``kept`` (so a page type that needs the file knows it is there)."""
    for name, field in form.fields.items():
        if isinstance(stored.get(name), dict) and isinstance(field, AttachmentField):
            field.required, field.kept = False, True


def build_form(page, *args, user, **kwargs) -> djforms.Form:
    """The page's Wagtail form, with the page type's fixed core fields first."""
    form = page.get_form(*args, page=page, user=user, **kwargs)
    for field in form.fields.values():
        for validator in field.validators:
            # Django's Vietnamese catalogue leaves this one in English.
            if isinstance(validator, ProhibitNullCharactersValidator):
                validator.message = NUL_REFUSED
    return form
