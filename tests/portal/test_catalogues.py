"""The catalogues: the portal's own (locale/vi, locale/en) and allauth's (locale/allauth/vi).

Every entry translated and not fuzzy, placeholders kept, the compiled .mo in step with the .po,
and every msgid the code and templates use present, so that `make messages` (scripts/messages.sh)
would add nothing. No database; runs in well under a second.
"""

import ast
import gettext
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.translation.template import templatize

BASE_DIR = Path(settings.BASE_DIR)
LOCALE = BASE_DIR / "locale"
VI = LOCALE / "vi" / "LC_MESSAGES" / "django.po"
EN = LOCALE / "en" / "LC_MESSAGES" / "django.po"
ALLAUTH_VI = LOCALE / "allauth" / "vi" / "LC_MESSAGES" / "django.po"
CATALOGUES = {"vi": VI, "en": EN, "allauth-vi": ALLAUTH_VI}
PLURAL_FORMS = {"vi": "nplurals=1; plural=0;", "en": "nplurals=2; plural=(n != 1);"}

# %(name)s, %(size).1f, %(month)02d, %s, %d: printf placeholders as Python formats them.
PLACEHOLDER = re.compile(r"%\(\w+\)[-+ #0]*\d*(?:\.\d+)?[sdifr]|%[sdifr]")
# The same places makemessages looks in (scripts/messages.sh); locale/ holds no sources.
IGNORED_DIRS = {".venv", ".tools", "var", "tests", "node_modules", "locale", "__pycache__"}
GETTEXT_CALLS = {
    # name: (index of msgctxt or None, index of msgid, index of msgid_plural or None)
    "_": (None, 0, None),
    "gettext": (None, 0, None),
    "gettext_lazy": (None, 0, None),
    "gettext_noop": (None, 0, None),
    "ngettext": (None, 0, 1),
    "ngettext_lazy": (None, 0, 1),
    "pgettext": (0, 1, None),
    "pgettext_lazy": (0, 1, None),
    "npgettext": (0, 1, 2),
    "npgettext_lazy": (0, 1, 2),
}


def _load_po_module():
    spec = importlib.util.spec_from_file_location(
        "fill_vi_catalogue", BASE_DIR / "scripts" / "fill_vi_catalogue.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


po = _load_po_module()


@cache
def entries(name: str):
    return po.read_po(CATALOGUES[name])


def messages(name: str):
    return [e for e in entries(name) if not e.is_header]


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def key(entry) -> tuple:
    return (entry.msgctxt, entry.msgid)


# --- every catalogue -------------------------------------------------------------------------


@pytest.mark.parametrize("name", CATALOGUES)
def test_header_names_language_charset_and_plural_forms(name):
    header = entries(name)[0]
    assert header.is_header
    assert "fuzzy" not in header.flags
    text = header.value("msgstr")
    language = name.removeprefix("allauth-")
    assert f"Language: {language}\n" in text
    assert "Content-Type: text/plain; charset=UTF-8\n" in text
    assert f"Plural-Forms: {PLURAL_FORMS[language]}\n" in text


@pytest.mark.parametrize("name", CATALOGUES)
def test_every_entry_is_translated_and_not_fuzzy(name):
    nplurals = 1 if name.endswith("vi") else 2
    assert len(messages(name)) > 100
    for entry in messages(name):
        assert "fuzzy" not in entry.flags, entry.msgid
        assert not entry.obsolete, entry.msgid
        translations = entry.msgstrs()
        if entry.msgid_plural is None:
            assert set(translations) == {"msgstr"}, entry.msgid
        else:
            assert set(translations) == {f"msgstr[{n}]" for n in range(nplurals)}, entry.msgid
        assert all(t.strip() for t in translations.values()), entry.msgid


@pytest.mark.parametrize("name", CATALOGUES)
def test_placeholders_survive_translation(name):
    for entry in messages(name):
        source = placeholders(entry.msgid)
        if entry.msgid_plural is not None:
            source |= placeholders(entry.msgid_plural)
        for translated in entry.msgstrs().values():
            assert placeholders(translated) == source, (entry.msgid, translated)


@pytest.mark.parametrize("name", CATALOGUES)
def test_leading_and_trailing_newlines_match(name):
    # msgfmt --check insists on this; checked here too so that the failure names the entry.
    for entry in messages(name):
        for translated in entry.msgstrs().values():
            assert translated.startswith("\n") == entry.msgid.startswith("\n"), entry.msgid
            assert translated.endswith("\n") == entry.msgid.endswith("\n"), entry.msgid


@pytest.mark.parametrize("name", CATALOGUES)
def test_compiled_catalogue_matches_the_po_file(name):
    path = CATALOGUES[name]
    with path.with_suffix(".mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    assert compiled.info().get("content-type") == "text/plain; charset=UTF-8"
    for entry in messages(name):
        msgid, ctxt, plural = entry.msgid, entry.msgctxt, entry.msgid_plural
        strs = entry.msgstrs()
        if plural is None:
            got = compiled.gettext(msgid) if ctxt is None else compiled.pgettext(ctxt, msgid)
            assert got == strs["msgstr"], msgid
            continue
        for n in (1, 2, 5):
            form = 0 if len(strs) == 1 or n == 1 else 1
            got = (
                compiled.ngettext(msgid, plural, n)
                if ctxt is None
                else compiled.npgettext(ctxt, msgid, plural, n)
            )
            assert got == strs[f"msgstr[{form}]"], (msgid, n)
    # Nothing in the .mo that the .po has dropped (a stale compile).
    compiled_ids = {k[0] if isinstance(k, tuple) else k for k in compiled._catalog} - {""}
    po_ids = {e.msgid if e.msgctxt is None else f"{e.msgctxt}\x04{e.msgid}" for e in messages(name)}
    assert compiled_ids == po_ids


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="msgfmt (gettext) not installed")
@pytest.mark.parametrize("name", ["vi", "en"])
def test_msgfmt_check_reports_only_translated_messages(name):
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", os.devnull, str(CATALOGUES[name])],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "LC_ALL": "C"},
    )
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"\d+ translated messages\.", result.stderr.strip()), result.stderr


# --- the Vietnamese catalogue ----------------------------------------------------------------


def test_vietnamese_messages_translate_into_themselves():
    for entry in messages("vi"):
        if re.search(r"[^\x00-\x7f]", entry.msgid):
            expected = entry.msgid if entry.msgid_plural is None else entry.msgid_plural
            assert list(entry.msgstrs().values()) == [expected], entry.msgid


def test_overridden_allauth_templates_stay_vietnamese():
    """Templates overriding allauth's keep its English msgids; locale/ comes first in
    LOCALE_PATHS, so our vi catalogue must carry allauth's Vietnamese for them, not msgid."""
    allauth = {key(e): e.msgstrs() for e in messages("allauth-vi")}
    shared = [e for e in messages("vi") if key(e) in allauth]
    assert any(e.msgid == "Sign In" for e in shared)
    for entry in shared:
        assert entry.msgstrs() == allauth[key(entry)], entry.msgid


# --- coverage: what the code uses is in the catalogues ---------------------------------------


def test_representative_strings_are_in_both_catalogues():
    for msgid in (
        "Việc cần xử lý",
        "Đơn của tôi",
        "Biểu mẫu",
        "Đăng nhập để gửi đơn",
        "Lãnh đạo Sở phụ trách",
        "Ủy quyền",
        "Đăng xuất",
        "Trang %(n)s/%(total)s",
        "Sign In",
    ):
        for name in ("vi", "en"):
            assert msgid in {e.msgid for e in messages(name)}, (name, msgid)
    english = {e.msgid: e.msgstrs()["msgstr"] for e in messages("en") if e.msgid_plural is None}
    assert english["Việc cần xử lý"] == "My tasks"
    assert english["Đơn của tôi"] == "My requests"
    assert english["Đăng xuất"] == "Log out"


def _source_files(suffixes):
    for dirpath, dirnames, filenames in os.walk(BASE_DIR):
        dirnames[:] = [d for d in dirnames if d not in IGNORED_DIRS and not d.startswith(".")]
        for filename in filenames:
            if Path(filename).suffix in suffixes:
                yield Path(dirpath) / filename


def _python_msgids(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        if name not in GETTEXT_CALLS:
            continue
        ctxt_at, msgid_at, _plural_at = GETTEXT_CALLS[name]
        args = node.args
        if len(args) <= msgid_at:
            continue
        msgid = args[msgid_at]
        ctxt = args[ctxt_at] if ctxt_at is not None else None
        if not (isinstance(msgid, ast.Constant) and isinstance(msgid.value, str)):
            continue  # xgettext extracts literals only
        if ctxt is not None and not (
            isinstance(ctxt, ast.Constant) and isinstance(ctxt.value, str)
        ):
            continue
        yield (ctxt.value if ctxt is not None else None, msgid.value), f"{path}:{node.lineno}"


_LITERAL = r"""u?(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")"""
_TEMPLATE_CALL = re.compile(
    rf"\b(n?p?gettext|_)\(\s*({_LITERAL})(?:\s*,\s*({_LITERAL}))?(?:\s*,\s*({_LITERAL}))?"
)


def _template_msgids(path: Path):
    # The same conversion makemessages applies before xgettext reads a template.
    text = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    for match in _TEMPLATE_CALL.finditer(text):
        name, first, second = match.group(1), match.group(2), match.group(3)
        if name.startswith(("p", "np")):
            yield (ast.literal_eval(first), ast.literal_eval(second)), str(path)
        else:
            yield (None, ast.literal_eval(first)), str(path)


@cache
def used_msgids() -> dict:
    found = {}
    for path in _source_files({".py"}):
        for msg, where in _python_msgids(path):
            found.setdefault(msg, where)
    for path in _source_files({".html", ".txt"}):
        for msg, where in _template_msgids(path):
            found.setdefault(msg, where)
    return found


def test_the_scan_finds_python_and_template_messages():
    used = used_msgids()
    assert (None, "Việc cần xử lý") in used  # portal/context_processors.py
    assert (None, "Đăng nhập để gửi đơn") in used  # templates/home/home_page.html
    assert (None, "Thông báo (%(count)s chưa đọc)") in used  # a blocktranslate
    assert len(used) > 400


@pytest.mark.parametrize("name", ["vi", "en"])
def test_every_msgid_the_code_uses_is_in_the_catalogue(name):
    present = {key(e) for e in messages(name)}
    missing = {msg: where for msg, where in used_msgids().items() if msg not in present}
    assert not missing, (
        f"not in locale/{name}: run `make messages` (and translate the English): {missing}"
    )


# --- scripts/fill_vi_catalogue.py ------------------------------------------------------------

SAMPLE = r"""# SOME DESCRIPTIVE TITLE.
# Copyright (C) YEAR THE PACKAGE'S COPYRIGHT HOLDER
# This file is distributed under the same license as the PACKAGE package.
# FIRST AUTHOR <EMAIL@ADDRESS>, YEAR.
#
#, fuzzy
msgid ""
msgstr ""
"Project-Id-Version: PACKAGE VERSION\n"
"PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE\n"
"Last-Translator: FULL NAME <EMAIL@ADDRESS>\n"
"Language-Team: LANGUAGE <LL@li.org>\n"
"Language: \n"
"Content-Type: text/plain; charset=CHARSET\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"

#: a.py:1
msgid "Đơn của tôi"
msgstr ""

#: a.py:2
msgid ""
"Dòng một \"trích\"\n"
"dòng hai"
msgstr ""

#: a.py:3
#, fuzzy
#| msgid "Đơn cũ"
msgid "Đơn mới"
msgstr "Đơn cũ"

#: a.py:4
msgctxt "nút"
msgid "Gửi"
msgstr "Gửi đi"

#: a.py:5
#, python-format
msgid "Một đơn"
msgid_plural "%(n)s đơn"
msgstr[0] ""
msgstr[1] ""

#: a.py:6
msgid "Cancel"
msgstr ""
"""


def test_fill_vi_catalogue_fills_keeps_and_unfuzzes():
    parsed = po.parse_po(SAMPLE)
    po.fix_header(parsed[0], "vi")
    filled = po.fill_vi(parsed, inherited={"Cancel": "Hủy"})
    again = po.parse_po(po.render_po(parsed))  # what it writes reads back the same
    by_id = {(e.msgctxt, e.msgid): e for e in again}

    assert filled == 5
    header = again[0].value("msgstr")
    assert "Language: vi\n" in header
    assert "Plural-Forms: nplurals=1; plural=0;\n" in header
    assert "charset=UTF-8" in header and "FULL NAME" not in header
    assert again[0].flags == [] and again[0].comments[0].startswith("# Vietnamese")
    assert by_id[(None, "Đơn của tôi")].msgstrs() == {"msgstr": "Đơn của tôi"}
    assert by_id[(None, 'Dòng một "trích"\ndòng hai')].msgstrs() == {
        "msgstr": 'Dòng một "trích"\ndòng hai'
    }
    fuzzy = by_id[(None, "Đơn mới")]
    assert fuzzy.msgstrs() == {"msgstr": "Đơn mới"}
    assert "fuzzy" not in fuzzy.flags and not any(c.startswith("#|") for c in fuzzy.comments)
    assert by_id[("nút", "Gửi")].msgstrs() == {"msgstr": "Gửi đi"}  # kept
    plural = by_id[(None, "Một đơn")]
    assert plural.msgstrs() == {"msgstr[0]": "%(n)s đơn"}
    assert plural.flags == ["python-format"]
    assert by_id[(None, "Cancel")].msgstrs() == {"msgstr": "Hủy"}  # allauth's Vietnamese
    assert po.fill_vi(again, inherited={}) == 0  # a second run changes nothing
