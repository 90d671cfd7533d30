"""Feedback categories in the Wagtail admin (the cases themselves are for their handlers only,
on pages that check who may read them — never a generic admin listing)."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import FeedbackCategory


class FeedbackCategoryViewSet(SnippetViewSet):
    model = FeedbackCategory
    icon = "comment"
    menu_label = _("Loại góp ý")
    add_to_admin_menu = False
    list_display = ["name", "code", "answer_days", "is_active"]
    ordering = ["sort_order", "name"]


register_snippet(FeedbackCategoryViewSet)
