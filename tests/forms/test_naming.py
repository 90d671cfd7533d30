import pytest

from forms.models import FormField
from forms.naming import field_name


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Nội dung đề nghị", "noi_dung_de_nghi"),
        ("Số tiền (VNĐ)", "so_tien_vnd"),
        ("ĐƯỜNG ĐI", "duong_di"),
        ("2 người đi cùng", "f_2_nguoi_di_cung"),
        ("!!!", "truong"),
    ],
)
def test_field_names_read_like_the_vietnamese_label(label, expected):
    assert field_name(label) == expected
    assert FormField(label=label).get_field_clean_name() == expected
