import unicodedata

import pytest

from portal.search.text import fold, fold_with_map, query_words

# Every Vietnamese vowel with no tone, huyền, sắc, hỏi, ngã and nặng, written out.
VOWELS = {
    "a": "aàáảãạ",
    "ă": "ăằắẳẵặ",
    "â": "âầấẩẫậ",
    "e": "eèéẻẽẹ",
    "ê": "êềếểễệ",
    "i": "iìíỉĩị",
    "o": "oòóỏõọ",
    "ô": "ôồốổỗộ",
    "ơ": "ơờớởỡợ",
    "u": "uùúủũụ",
    "ư": "ưừứửữự",
    "y": "yỳýỷỹỵ",
}
BASE = {"ă": "a", "â": "a", "ê": "e", "ô": "o", "ơ": "o", "ư": "u"}


@pytest.mark.parametrize("vowel", VOWELS)
def test_every_vowel_with_every_tone_folds_to_its_plain_letter(vowel):
    plain = BASE.get(vowel, vowel)
    forms = VOWELS[vowel]
    assert len(forms) == 6
    assert fold(forms) == plain * 6
    assert fold(forms.upper()) == plain * 6


def test_every_vowel_form_folds_one_character_to_one():
    text = "".join(VOWELS.values())
    folded, spans = fold_with_map(text + text.upper())
    assert len(folded) == 2 * len(text) == 144
    assert spans == [(i, i + 1) for i in range(144)]


def test_d_with_stroke_folds_to_d_in_both_cases():
    assert fold("đĐ") == "dd"
    assert fold("Đảng ủy") == "dang uy"
    # The Icelandic eth looks the same and is typed by mistake.
    assert fold("Ðảng") == "dang"


def test_decomposed_text_folds_like_precomposed_and_marks_join_their_letter():
    decomposed = unicodedata.normalize("NFD", "Nghỉ phép")
    assert len(decomposed) > len("Nghỉ phép")
    folded, spans = fold_with_map(decomposed)
    assert folded == "nghi phep"
    start, end = spans[3]  # the "i" of "nghi" carries its hook-above mark
    assert decomposed[start:end] == unicodedata.normalize("NFD", "ỉ")


def test_spaces_and_punctuation_collapse_to_one_space_mapped_to_the_whole_run():
    text = "  Quy chế,\n\t dân chủ — 2026.  "
    folded, spans = fold_with_map(text)
    assert folded == "quy che dan chu 2026"
    start, end = spans[7]
    assert text[start:end] == ",\n\t "
    assert text[slice(*spans[0])] == "Q"  # leading spaces dropped


def test_query_words_are_folded_and_distinct():
    assert query_words("Nghỉ  phép, nghi PHÉP!") == ["nghi", "phep"]
    assert query_words(" — ") == []
