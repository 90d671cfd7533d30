from django import forms
from django.utils.translation import gettext_lazy as _

from .text import query_accented_words, query_words

MIN_QUERY_CHARS = 2
MAX_QUERY_LENGTH = 200
MAX_WORDS = 10


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Từ khóa"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        help_text=_("Gõ có dấu hay không dấu đều được, ví dụ: nghỉ phép hoặc nghi phep."),
        error_messages={
            "max_length": _("Từ khóa quá dài: hãy nhập tối đa %(limit_value)d ký tự."),
        },
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )

    def clean_q(self) -> str:
        query = self.cleaned_data["q"]
        words = query_words(query)
        if query and sum(len(word) for word in words) < MIN_QUERY_CHARS:
            raise forms.ValidationError(
                _("Từ khóa quá ngắn: hãy nhập ít nhất %(count)d chữ cái hoặc chữ số."),
                params={"count": MIN_QUERY_CHARS},
                code="too_short",
            )
        if len(words) > MAX_WORDS:
            raise forms.ValidationError(
                _("Từ khóa có quá nhiều từ: hãy nhập tối đa %(count)d từ."),
                params={"count": MAX_WORDS},
                code="too_many_words",
            )
        self.cleaned_data["words"] = words
        self.cleaned_data["accented_words"] = query_accented_words(query)
        return query
