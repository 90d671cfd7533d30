"""Snippets with the matched words marked, computed from the original (accented) text."""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .text import fold_with_map

SNIPPET_LENGTH = 200


def _word_pattern(words: list[str]) -> str:
    # The folded text holds only letters, digits and single spaces, so a whole word is one
    # between spaces or the ends.
    return rf"(?<![^ ])(?:{'|'.join(re.escape(w) for w in words)})(?![^ ])"


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _find(text: str, words: list[str]) -> tuple[list[tuple[int, int]], int | None]:
    """Matches of ``words`` in ``text`` (merged spans of the original) and where a snippet
    should centre: the words typed as a phrase if they occur so, else the first match."""
    if not text or not words:
        return [], None
    folded, spans = fold_with_map(text)
    pattern = _word_pattern(words)
    found = [(spans[m.start()][0], spans[m.end() - 1][1]) for m in re.finditer(pattern, folded)]
    phrase = re.search(_word_pattern([" ".join(words)]), folded) if len(words) > 1 else None
    if phrase:
        anchor = spans[phrase.start()][0]
    else:
        anchor = min((start for start, _end in found), default=None)
    return _merge(found), anchor


def match_spans(text: str, words: list[str]) -> list[tuple[int, int]]:
    """Where the folded ``words`` occur as whole words, as sorted, merged spans of ``text``."""
    return _find(text, words)[0]


def _marked(text: str, marks: list[tuple[int, int]], start: int, end: int) -> str:
    parts, cursor = [], start
    for mark_start, mark_end in marks:
        mark_start, mark_end = max(mark_start, start), min(mark_end, end)
        if mark_start >= mark_end:
            continue
        parts.append(escape(text[cursor:mark_start]))
        parts.append(f"<mark>{escape(text[mark_start:mark_end])}</mark>")
        cursor = mark_end
    parts.append(escape(text[cursor:end]))
    return "".join(parts)


def highlight(text: str, words: list[str]) -> SafeString:
    """The whole of ``text``, escaped, with every match in ``<mark>`` (for titles)."""
    return mark_safe(_marked(text, match_spans(text, words), 0, len(text)))  # noqa: S308


def snippet(text: str, words: list[str], *, length: int = SNIPPET_LENGTH) -> SafeString:
    """About ``length`` characters of ``text`` around the words typed as a phrase, or else
    the first match, cut between words, escaped, with matches in ``<mark>`` and "…" where
    text was left out."""
    marks, anchor = _find(text, words)
    if len(text) <= length:
        start, end = 0, len(text)
    else:
        # The anchor a third of the way in: some context before, more after.
        start = max(0, anchor - length // 3) if anchor is not None else 0
        end = min(len(text), start + length)
        start = max(0, end - length)
        if start > 0:
            space = text.find(" ", start, anchor if anchor is not None else end)
            start = space + 1 if space != -1 else start
        if end < len(text):
            space = text.rfind(" ", anchor if anchor is not None else start, end)
            end = space if space > start else end
    html = _marked(text, marks, start, end)
    if start > 0:
        html = "… " + html
    if end < len(text):
        html += " …"
    return mark_safe(html)  # noqa: S308
