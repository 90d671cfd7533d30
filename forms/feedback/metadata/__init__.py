"""Removing the hidden information an attachment carries before a feedback case keeps it.

A photo taken with a phone usually says where it was taken (EXIF GPS) and with which
device; a PDF or an office document usually names its author and the last person who
saved it. For anonymous feedback that is enough to find the sender, so ``metadata_strip``
rewrites images, PDFs and office documents without it. Any other format is returned as
it came: the form warns the sender that attachments can still carry such information.

A file the libraries cannot read raises ``ValueError`` with a message for the sender; the
caller refuses the attachment rather than keep it with its metadata.
"""

from collections.abc import Callable

from django.utils.translation import gettext as _

from forms.feedback.metadata.images import image_strip
from forms.feedback.metadata.office import odf_strip, ooxml_strip
from forms.feedback.metadata.pdf import pdf_strip

IMAGE_EXTENSIONS = frozenset({"jpg", "jpeg", "png", "webp"})
OOXML_EXTENSIONS = frozenset({"docx", "xlsx", "pptx"})
ODF_EXTENSIONS = frozenset({"odt", "ods", "odp"})
STRIPPED_EXTENSIONS = IMAGE_EXTENSIONS | OOXML_EXTENSIONS | ODF_EXTENSIONS | {"pdf"}


def metadata_strip(*, data: bytes, extension: str) -> bytes:
    """``data`` without its author, device, place and date metadata.

    ``extension`` names the format (``"jpg"``, ``".PDF"`` …); formats not listed in
    ``STRIPPED_EXTENSIONS`` come back unchanged.
    """
    ext = extension.strip().lower().lstrip(".")
    strip: Callable[[bytes], bytes]
    if ext in IMAGE_EXTENSIONS:
        strip = image_strip
    elif ext == "pdf":
        strip = pdf_strip
    elif ext in OOXML_EXTENSIONS:
        strip = ooxml_strip
    elif ext in ODF_EXTENSIONS:
        strip = odf_strip
    else:
        return data
    try:
        return strip(data)
    except Exception as exc:  # any failure of a parser means the file cannot be cleaned
        raise ValueError(
            _("Không đọc được tệp %(ext)s để xóa thông tin ẩn; hãy lưu lại tệp rồi gửi lại.")
            % {"ext": ext.upper()}
        ) from exc
