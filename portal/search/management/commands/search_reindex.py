from django.core.management.base import BaseCommand

from portal.search.services import search_index_rebuild, searchable_page_models


class Command(BaseCommand):
    help = "Lập lại chỉ mục tìm kiếm cho mọi trang có search_document()."

    def handle(self, *args, **options):
        models = searchable_page_models()
        names = ", ".join(str(model._meta.verbose_name) for model in models) or "không có"
        self.stdout.write(f"Loại trang được tìm kiếm: {names}.")
        indexed, removed = search_index_rebuild()
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã lập chỉ mục {indexed} trang; đã xóa {removed} mục không còn tìm được."
            )
        )
