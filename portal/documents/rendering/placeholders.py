"""The administrator's placeholders: ``{{ name }}`` replaced by a regex, never a template engine.

A template body is data typed in the admin, so it must not reach Django's or Jinja's template
machinery (no tags, filters, attribute lookups on live objects). The only syntax is
``{{ name }}`` where the name is letters, digits, underscores and dots; everything else is text.
"""

import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

# \w is Unicode-aware, so an administrator may write {{ tên_trường }} and get a clear
# "unknown name" rather than a syntax error.
PLACEHOLDER_RE = re.compile(r"\{\{\s*([\w.]+)\s*\}\}")
OPENING_RE = re.compile(r"\{\{")


class PlaceholderSyntaxError(ValueError):
    pass


@dataclass
class Rendered:
    html: str
    unknown: list[str] = field(default_factory=list)


def placeholders_check(text: str) -> None:
    """Raise PlaceholderSyntaxError (message in Vietnamese) for a ``{{`` that is not closed
    properly or holds something other than a name."""
    valid = {m.start() for m in PLACEHOLDER_RE.finditer(text or "")}
    for match in OPENING_RE.finditer(text or ""):
        if match.start() in valid:
            continue
        # "{{{ x }}" contains a valid placeholder one character later: still ambiguous.
        line = text.count("\n", 0, match.start()) + 1
        snippet = text[match.start() : match.start() + 30].split("\n")[0]
        raise PlaceholderSyntaxError(
            _(
                "Chỗ điền không hợp lệ ở dòng %(line)s: “%(snippet)s”. Viết {{ tên_chỗ_điền }}, "
                "tên chỉ gồm chữ, số, dấu gạch dưới và dấu chấm."
            )
            % {"line": line, "snippet": snippet}
        )


def placeholder_names(text: str) -> list[str]:
    return list(dict.fromkeys(m.group(1) for m in PLACEHOLDER_RE.finditer(text or "")))


def _value_html(value: str) -> str:
    return escape(value).replace("\n", "<br>")


def placeholders_render(text: str, values: dict[str, str]) -> Rendered:
    """The text HTML-escaped, its placeholders replaced by their (escaped) values.

    Unknown names stay visible, marked, so that a wrong name shows in the preview instead of
    disappearing; a malformed ``{{`` is left as text (validation refuses it on save)."""
    unknown: list[str] = []
    parts, last = [], 0
    for match in PLACEHOLDER_RE.finditer(text or ""):
        parts.append(_value_html(text[last : match.start()]))
        name = match.group(1)
        if name in values:
            parts.append(_value_html(str(values[name] if values[name] is not None else "")))
        else:
            if name not in unknown:
                unknown.append(name)
            parts.append(f'<mark class="unknown">[{escape(name)}?]</mark>')
        last = match.end()
    parts.append(_value_html((text or "")[last:]))
    return Rendered(html="".join(parts), unknown=unknown)


def paragraphs_render(text: str, values: dict[str, str]) -> tuple[list[str], list[str]]:
    """The body as HTML paragraphs: a blank line separates paragraphs, a single newline
    breaks the line. Returns (paragraphs, unknown names)."""
    paragraphs, unknown = [], []
    for block in re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n").strip()):
        if not block.strip():
            continue
        rendered = placeholders_render(block.strip(), values)
        paragraphs.append(rendered.html)
        unknown.extend(n for n in rendered.unknown if n not in unknown)
    return paragraphs, unknown
