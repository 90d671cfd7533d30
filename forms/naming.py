"""Field names from Vietnamese labels: "Nội dung đề nghị" → "noi_dung_de_nghi".

Wagtail's own rule writes "đ" as "u0111"; API clients and policy conditions use these
names, so they should be what a Vietnamese reader would type.
"""

import re

from anyascii import anyascii


def field_name(label: str) -> str:
    name = re.sub(r"[^a-z0-9]+", "_", anyascii(label or "").lower()).strip("_")
    if not name:
        return "truong"
    return f"f_{name}" if name[0].isdigit() else name
