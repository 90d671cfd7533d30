from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# The main sections; a section appears once its view exists, so the menu has no dead links.
SECTIONS = [
    ("forms:index", _("Biểu mẫu"), True),
    ("flows:inbox", _("Việc cần xử lý"), True),
    ("forms:my_submissions", _("Đơn của tôi"), True),
    ("disclosure:index", _("Công khai"), False),
]


def navigation(request):
    authenticated = request.user.is_authenticated if hasattr(request, "user") else False
    items = []
    for url_name, label, needs_login in SECTIONS:
        if needs_login and not authenticated:
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        items.append({"url": url, "label": label, "active": request.path.startswith(url)})
    # Language names stay in their own language ("English", not "Tiếng Anh").
    return {"nav_items": items, "language_choices": settings.LANGUAGES}
