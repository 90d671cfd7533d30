"""Fill the Vietnamese catalogue after `makemessages`, and tidy both catalogues' headers.

The portal's msgids are written in Vietnamese, so locale/vi/LC_MESSAGES/django.po translates
each message into itself. A few templates override third-party ones (allauth's login and MFA
pages) and keep their English msgids; since locale/ comes first in LOCALE_PATHS, msgstr = msgid
there would turn those pages English. Each empty entry therefore takes the Vietnamese text that
Django would show without our catalogue (allauth's catalogue in locale/allauth, Django's,
Wagtail's, ...) and only falls back to msgid when nobody translates it.

Rules for locale/vi:
  * an entry that already has a msgstr keeps it;
  * a fuzzy entry (msgmerge's guess from a similar old msgid) is refilled and loses the flag;
  * plural entries get exactly one form, msgstr[0] (nplurals=1): the msgid_plural, or the msgid
    if only the msgid carries every placeholder.

For every catalogue given (vi and en) the header gets Language, Plural-Forms and
charset=UTF-8, the gettext template defaults are replaced and the header's fuzzy flag is dropped,
so that msgfmt keeps the header and `msgfmt --check` stays quiet.

Standard library only (Django is used, when importable, just to look up the inherited
Vietnamese translations). Usage:

    python scripts/fill_vi_catalogue.py [LOCALE_DIR]      # default: <repo>/locale
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PLURAL_FORMS = {"vi": "nplurals=1; plural=0;", "en": "nplurals=2; plural=(n != 1);"}
LANGUAGE_TEAMS = {"vi": "Vietnamese", "en": "English"}
HEADER_COMMENTS = {
    "vi": [
        "# Vietnamese catalogue of the portal. The msgids are already Vietnamese: each message",
        "# translates into itself (see scripts/fill_vi_catalogue.py). Regenerate with",
        "# `make messages`; do not edit by hand unless a message must read differently.",
        "#",
    ],
    "en": [
        "# English translation of the portal's user interface. Regenerate with `make messages`,",
        "# then translate the new and the fuzzy entries; `msgfmt --check --statistics` must",
        "# report only translated messages.",
        "#",
    ],
}
TEMPLATE_COMMENT = "# SOME DESCRIPTIVE TITLE."
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]")

# ---------------------------------------------------------------------------------------------
# PO files: just enough of the format, but all of it that xgettext/msgmerge write.
# ---------------------------------------------------------------------------------------------

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_ESCAPES.update({'"': '"', "\\": "\\", "'": "'", "?": "?"})
_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(\".*\")\s*$")


def unquote(token: str) -> str:
    """The text of one C string literal as PO files write it ("...")."""
    token = token.strip()
    if len(token) < 2 or token[0] != '"' or token[-1] != '"':
        raise ValueError(f"not a PO string: {token!r}")
    body, out, i = token[1:-1], [], 0
    while i < len(body):
        ch = body[i]
        if ch == '"':
            raise ValueError(f"unescaped quote in {token!r}")
        if ch != "\\":
            out.append(ch)
            i += 1
            continue
        nxt = body[i + 1 : i + 2]
        if nxt in _ESCAPES:
            out.append(_ESCAPES[nxt])
            i += 2
        elif nxt == "x":
            digits = re.match(r"[0-9a-fA-F]+", body[i + 2 :]).group()
            out.append(chr(int(digits, 16)))
            i += 2 + len(digits)
        elif nxt.isdigit():
            digits = re.match(r"[0-7]{1,3}", body[i + 1 :]).group()
            out.append(chr(int(digits, 8)))
            i += 1 + len(digits)
        else:
            raise ValueError(f"unknown escape in {token!r}")
    return "".join(out)


def quote(text: str) -> str:
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + text.replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r") + '"'


def quote_lines(text: str) -> list[str]:
    """The string tokens for a value, split after each newline as gettext does."""
    parts = text.splitlines(keepends=True)
    if len(parts) <= 1:
        return [quote(text)]
    return ['""', *(quote(p) for p in parts)]


@dataclass
class Entry:
    comments: list[str] = field(default_factory=list)  # every "#..." line, verbatim
    # keyword -> list of string tokens as written (to keep the file's own line wrapping)
    fields: dict[str, list[str]] = field(default_factory=dict)
    obsolete: list[str] = field(default_factory=list)  # "#~" lines, verbatim

    def value(self, keyword: str) -> str | None:
        tokens = self.fields.get(keyword)
        return None if tokens is None else "".join(unquote(t) for t in tokens)

    def set(self, keyword: str, text: str, tokens: list[str] | None = None) -> None:
        self.fields[keyword] = list(tokens) if tokens is not None else quote_lines(text)

    @property
    def msgid(self) -> str:
        return self.value("msgid") or ""

    @property
    def msgctxt(self) -> str | None:
        return self.value("msgctxt")

    @property
    def msgid_plural(self) -> str | None:
        return self.value("msgid_plural")

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and "msgctxt" not in self.fields and "msgid" in self.fields

    @property
    def flags(self) -> list[str]:
        flags = []
        for line in self.comments:
            if line.startswith("#,"):
                flags.extend(f.strip() for f in line[2:].split(",") if f.strip())
        return flags

    def drop_flag(self, flag: str) -> None:
        kept = []
        for line in self.comments:
            if line.startswith("#,"):
                rest = [f.strip() for f in line[2:].split(",") if f.strip() and f.strip() != flag]
                if not rest:
                    continue
                line = "#, " + ", ".join(rest)
            kept.append(line)
        self.comments = kept

    def msgstrs(self) -> dict[str, str]:
        return {k: self.value(k) for k in self.fields if k.startswith("msgstr")}

    def render(self) -> list[str]:
        lines = list(self.comments)
        for keyword, tokens in self.fields.items():
            lines.append(f"{keyword} {tokens[0]}")
            lines.extend(tokens[1:])
        lines.extend(self.obsolete)
        return lines


def parse_po(text: str) -> list[Entry]:
    """Entries in file order. Raises ValueError on anything that is not PO syntax."""
    entries: list[Entry] = []
    entry, last = Entry(), None

    def finish():
        nonlocal entry, last
        if entry.fields or entry.comments or entry.obsolete:
            entries.append(entry)
        entry, last = Entry(), None

    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip("\r")
        stripped = line.strip()
        try:
            if not stripped:
                finish()
            elif stripped.startswith("#~"):
                entry.obsolete.append(line)
            elif stripped.startswith("#"):
                if any(k.startswith("msgstr") for k in entry.fields):
                    finish()  # a comment after a msgstr starts the next entry
                entry.comments.append(stripped)
            elif stripped.startswith('"'):
                if last is None:
                    raise ValueError("string continuation without a keyword")
                unquote(stripped)
                entry.fields[last].append(stripped)
            else:
                match = _KEYWORD.match(stripped)
                if not match:
                    raise ValueError(f"unexpected line {stripped!r}")
                keyword, token = match.groups()
                starts_entry = keyword in ("msgctxt", "msgid") and any(
                    k.startswith("msgstr") for k in entry.fields
                )
                if starts_entry or keyword in entry.fields:
                    if not starts_entry:
                        raise ValueError(f"{keyword} twice in one entry")
                    finish()
                unquote(token)
                entry.fields[keyword] = [token]
                last = keyword
        except ValueError as exc:
            raise ValueError(f"line {number}: {exc}") from None
    finish()
    for e in entries:
        if e.fields and ("msgid" not in e.fields or not e.msgstrs()):
            raise ValueError(f"entry without msgid or msgstr: {e.render()[:3]}")
    return entries


def render_po(entries: list[Entry]) -> str:
    return "\n\n".join("\n".join(e.render()) for e in entries) + "\n"


def read_po(path: Path) -> list[Entry]:
    return parse_po(path.read_text(encoding="utf-8"))


def write_po(path: Path, entries: list[Entry]) -> None:
    text = render_po(entries)
    if path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# Header
# ---------------------------------------------------------------------------------------------


def fix_header(entry: Entry, language: str) -> None:
    fields = []
    for line in (entry.value("msgstr") or "").splitlines():
        name, _, value = line.partition(":")
        fields.append([name.strip(), value.strip()])
    values = dict(fields)

    def put(name, value, only_if=None):
        for pair in fields:
            if pair[0] == name:
                if only_if is None or only_if(pair[1]):
                    pair[1] = value
                return
        fields.append([name, value])

    now = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M%z")
    put("Project-Id-Version", "cong-thong-tin-so", lambda v: not v or "PACKAGE" in v)
    put("PO-Revision-Date", values.get("POT-Creation-Date") or now, lambda v: not v or "YEAR" in v)
    put("Last-Translator", "Portal team", lambda v: not v or "FULL NAME" in v)
    put("Language-Team", LANGUAGE_TEAMS[language], lambda v: not v or "LANGUAGE" in v)
    put("Language", language)
    put("MIME-Version", "1.0", lambda v: not v)
    put("Content-Type", "text/plain; charset=UTF-8")
    put("Content-Transfer-Encoding", "8bit", lambda v: not v)
    put("Plural-Forms", PLURAL_FORMS[language])
    entry.set("msgstr", "", ['""', *(quote(f"{name}: {value}\n") for name, value in fields)])
    entry.drop_flag("fuzzy")
    if entry.comments and entry.comments[0] == TEMPLATE_COMMENT:
        # The four lines xgettext writes ("SOME DESCRIPTIVE TITLE." ... "FIRST AUTHOR").
        rest = [c for c in entry.comments if c.startswith("#,")]
        entry.comments = HEADER_COMMENTS[language] + rest


# ---------------------------------------------------------------------------------------------
# The Vietnamese fill
# ---------------------------------------------------------------------------------------------


def inherited_vi_catalogue(own_locale_dir: Path) -> dict:
    """The Vietnamese messages Django would use if our catalogue did not exist.

    Keys as in gettext: msgid, "ctxt\\x04msgid", and (msgid, n) for plural forms.
    Empty when Django or the settings cannot be imported (then msgstr = msgid everywhere).
    """
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    try:
        import django
        from django.conf import settings

        django.setup()
        from django.utils.translation.trans_real import DjangoTranslation
    except Exception as exc:  # noqa: BLE001 - any failure only means "nothing inherited"
        print(f"fill_vi_catalogue: no inherited translations ({exc})", file=sys.stderr)
        return {}
    own = own_locale_dir.resolve()
    settings.LOCALE_PATHS = [p for p in settings.LOCALE_PATHS if Path(p).resolve() != own]
    catalogue = DjangoTranslation("vi", domain="django")._catalog
    # TranslationCatalog is not iterable; indexing gives the highest-priority translation.
    return {key: catalogue[key] for key in catalogue.keys()}  # noqa: SIM118


def _placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def fill_vi(entries: list[Entry], inherited: dict) -> int:
    """Fill every empty or fuzzy Vietnamese entry; the number of entries filled."""
    filled = 0
    for entry in entries:
        if entry.is_header or not entry.fields:
            continue
        fuzzy = "fuzzy" in entry.flags
        if fuzzy:
            entry.drop_flag("fuzzy")
            entry.comments = [c for c in entry.comments if not c.startswith("#|")]
        msgid, ctxt, plural = entry.msgid, entry.msgctxt, entry.msgid_plural
        key = msgid if ctxt is None else f"{ctxt}\x04{msgid}"
        if plural is None:
            current = "" if fuzzy else entry.value("msgstr") or ""
            if not current:
                if isinstance(inherited.get(key), str) and inherited[key]:
                    entry.set("msgstr", inherited[key])
                else:
                    entry.set("msgstr", msgid, entry.fields["msgid"])
                filled += 1
            continue
        current = "" if fuzzy else entry.value("msgstr[0]") or ""
        for keyword in [k for k in entry.fields if k.startswith("msgstr")]:
            del entry.fields[keyword]  # Vietnamese has one plural form only
        if current:
            entry.set("msgstr[0]", current)
            continue
        other = inherited.get((key, 1)) or inherited.get((key, 0))
        if other:
            entry.set("msgstr[0]", other)
        elif _placeholders(msgid) <= _placeholders(plural):
            entry.set("msgstr[0]", plural, entry.fields["msgid_plural"])
        else:
            entry.set("msgstr[0]", msgid, entry.fields["msgid"])
        filled += 1
    return filled


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("locale_dir", nargs="?", type=Path, default=ROOT / "locale")
    args = parser.parse_args(argv)

    inherited = None
    for language in ("vi", "en"):
        for path in sorted((args.locale_dir / language / "LC_MESSAGES").glob("*.po")):
            entries = read_po(path)
            if not entries or not entries[0].is_header:
                raise SystemExit(f"{path}: no header entry")
            fix_header(entries[0], language)
            if language == "vi":
                if inherited is None:
                    inherited = inherited_vi_catalogue(args.locale_dir)
                filled = fill_vi(entries, inherited)
                print(f"{path}: {len(entries) - 1} messages, {filled} filled")
            write_po(path, entries)
    return 0


if __name__ == "__main__":
    sys.exit(main())
