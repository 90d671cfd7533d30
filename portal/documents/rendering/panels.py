"""The list of placeholders shown on the template's edit page."""

from wagtail.admin.panels import Panel

from .values import BUILTINS


class PlaceholderHelpPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "documents/admin/placeholder_help.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["builtins"] = BUILTINS
            context["preview_url"] = None
            if self.instance is not None and self.instance.pk:
                from django.urls import reverse

                context["preview_url"] = reverse(
                    "documents_template_preview", args=[self.instance.pk]
                )
            return context
