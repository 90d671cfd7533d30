"""Vietnamese text folding for search: "Nghỉ phép" and "nghi phep" fold to the same words.

Folding is done one character at a time so that every folded character remembers which
characters of the original it came from; highlighting maps matches in the folded text back
to the original with that map, whatever the original looked like (NFC or NFD, tabs, dashes).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# Not decomposed by NFD, so named here. U+00D0/U+00F0 (Icelandic eth) look exactly like Đ/đ
# and turn up in text typed with the wrong keyboard layout.
_SPECIAL = {"đ": "d", "Đ": "d", "Ð": "d", "ð": "d"}


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """A character's folded form: lower case, no marks; "" for a lone combining mark and " "
    for anything that is not a letter or a digit (punctuation separates words)."""
    if char in _SPECIAL:
        return _SPECIAL[char]
    if unicodedata.combining(char):
        return ""
    base = "".join(
        c for c in unicodedata.normalize("NFD", char.lower()) if not unicodedata.combining(c)
    )
    if not base.isalnum():
        return " "
    return base


def fold_with_map(text: str) -> tuple[str, list[tuple[int, int]]]:
    """Fold ``text`` and give, for each folded character, the span ``(start, end)`` of the
    original characters it stands for.

    Precomposed Vietnamese letters (NFC, what keyboards and Word produce) fold one to one.
    A combining mark that follows its letter (NFD text) is added to that letter's span, a run
    of spaces and punctuation becomes one space whose span covers the run, and leading and
    trailing spaces are dropped.
    """
    folded: list[str] = []
    spans: list[list[int]] = []
    for index, char in enumerate(text):
        out = _fold_char(char)
        if out == "":
            if spans:
                spans[-1][1] = index + 1
            continue
        if out == " ":
            if not folded:
                continue  # leading separator
            if folded[-1] == " ":
                spans[-1][1] = index + 1
                continue
        for piece in out:  # a lower-cased letter may be two characters (rare, not Vietnamese)
            folded.append(piece)
            spans.append([index, index + 1])
    if folded and folded[-1] == " ":
        folded.pop()
        spans.pop()
    return "".join(folded), [(start, end) for start, end in spans]


def fold(text: str) -> str:
    """Lower case, without diacritics, đ → d, words separated by single spaces.

    >>> fold("  Quy chế Dân chủ — Đảng ủy ")
    'quy che dan chu dang uy'
    """
    return fold_with_map(text)[0]


def lower_words(text: str) -> str:
    """Lower case NFC words separated by single spaces, diacritics kept ("đảng ủy")."""
    lowered = unicodedata.normalize("NFC", text).lower()
    return " ".join("".join(c if c.isalnum() else " " for c in lowered).split())


def query_words(query: str) -> list[str]:
    """The distinct folded words of a query, in the order typed."""
    return list(dict.fromkeys(fold(query).split()))


def query_accented_words(query: str) -> list[str]:
    """The distinct words typed with diacritics or đ, lower case ("Đảng" → "đảng")."""
    return [w for w in dict.fromkeys(lower_words(query).split()) if fold(w) != w]
