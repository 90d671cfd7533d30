"""The kinds of feedback of the Trung tâm's democracy rules (DC Đ8–9), with answer deadlines
in working days; created by migration 0002 and by ``categories_ensure`` where removed."""

DEFAULTS = [
    ("gop-y", "Góp ý", 10),
    ("kien-nghi", "Kiến nghị", 15),
    ("phan-anh", "Phản ánh", 10),
    ("khieu-nai", "Khiếu nại", 30),
    ("to-cao", "Tố cáo", 30),
]


def categories_create(category_model) -> None:
    for order, (code, name, days) in enumerate(DEFAULTS, 1):
        category_model.objects.get_or_create(
            code=code, defaults={"name": name, "answer_days": days, "sort_order": order * 10}
        )


def categories_ensure() -> None:
    from .models import FeedbackCategory

    categories_create(FeedbackCategory)
