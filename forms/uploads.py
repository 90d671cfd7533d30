"""Attachments are checked by their content, never trusted by name or browser-sent type."""

import hashlib

import filetype
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Formats staff really attach, by the extension administrators write in a field's settings.
KNOWN_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "zip": "application/zip",
}
# Office files are zip archives; their inner marker names the real format.
ZIP_MARKERS = {
    b"word/": "docx",
    b"xl/": "xlsx",
    b"mimetypeapplication/vnd.oasis.opendocument.text": "odt",
    b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet": "ods",
}


def sniff_extension(head: bytes) -> str | None:
    """The real format of a file from its first bytes, as an extension."""
    kind = filetype.guess(head)
    if kind is None:
        return None
    if kind.extension == "zip" or kind.mime in KNOWN_TYPES.values():
        for marker, ext in ZIP_MARKERS.items():
            if marker in head:
                return ext
    return "jpg" if kind.extension == "jpeg" else kind.extension


def parse_allowed(value: str) -> list[str]:
    return [part.strip().lower().lstrip(".") for part in value.split(",") if part.strip()]


class AttachmentField(forms.FileField):
    def __init__(self, *, max_size_mb: int, allowed: list[str], **kwargs):
        self.max_size = max_size_mb * 1024 * 1024
        self.allowed = allowed
        # The builder always passes the administrator's help text, often empty: the allowed
        # types and size are said in any case.
        limits = _("Tệp %(types)s, tối đa %(size)s MB.") % {
            "types": ", ".join(allowed).upper(),
            "size": max_size_mb,
        }
        given = str(kwargs.get("help_text") or "").strip()
        kwargs["help_text"] = f"{given} {limits}" if given else limits
        super().__init__(**kwargs)
        self.widget.attrs["accept"] = ",".join(f".{ext}" for ext in allowed)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload:
            return upload
        if upload.size > self.max_size:
            raise ValidationError(
                _("Tệp quá lớn: %(size).1f MB, tối đa %(max)s MB.")
                % {"size": upload.size / 1024 / 1024, "max": self.max_size // (1024 * 1024)}
            )
        upload.seek(0)
        head = upload.read(8192)
        upload.seek(0)
        real = sniff_extension(head)
        if real is None or real not in self.allowed:
            raise ValidationError(
                _("Nội dung tệp không phải là %(types)s (tên tệp không được dùng để kiểm tra).")
                % {"types": ", ".join(self.allowed).upper()}
            )
        upload.portal_extension = real
        upload.portal_content_type = KNOWN_TYPES.get(real, "application/octet-stream")
        return upload


def file_sha256(upload) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
