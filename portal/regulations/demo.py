"""Demo data: the "Quy chế, quy định" listing with the Trung tâm's democracy regulation."""

from pathlib import Path

from django.db import transaction

from .models import RegulationIndexPage
from .services import regulation_import

SEEDS_DIR = Path(__file__).resolve().parent / "seeds"
DEMO_SEED = "quy-che-dan-chu-trung-tam-khuyen-cong-2025.txt"
INDEX_SLUG = "quy-che"
INDEX_TITLE = "Quy chế, quy định"
INDEX_INTRO = (
    "<p>Các quy chế, quy định đang áp dụng tại Sở và Trung tâm, đăng toàn văn theo từng "
    "chương, điều. Mỗi điều có địa chỉ riêng (ví dụ <code>#dieu-5</code>) để dẫn chiếu trong "
    "đơn, góp ý và văn bản trả lời.</p>"
)
DEMO_INTRO = (
    "<p>Quy chế này cho biết viên chức, người lao động của Trung tâm được biết những gì "
    "(công khai), được bàn và quyết định những gì, được góp ý những gì trước khi Giám đốc "
    "Trung tâm quyết định, và được kiểm tra, giám sát những gì. Góp ý về việc thực hiện quy "
    "chế có thể gửi qua mục <em>Góp ý</em> của cổng, ẩn danh nếu muốn; Ban Thanh tra nhân dân "
    "và Công đoàn theo dõi việc thực hiện (Điều 9, Điều 12).</p>"
)


@transaction.atomic
def regulations_demo_ensure(*, home) -> dict:
    """Create the listing under ``home`` and import the demo regulation; safe to run again
    (the same file leaves the page untouched, an editor's introduction is kept)."""
    index = RegulationIndexPage.objects.child_of(home).filter(slug=INDEX_SLUG).first()
    index_status = "unchanged"
    if index is None:
        index = RegulationIndexPage(title=INDEX_TITLE, slug=INDEX_SLUG, intro=INDEX_INTRO)
        home.add_child(instance=index)
        index.save_revision().publish()
        index_status = "created"
    result = regulation_import(
        data=(SEEDS_DIR / DEMO_SEED).read_bytes(), parent=index, source_name=DEMO_SEED
    )
    page = result.page
    if not page.intro:
        page.intro = DEMO_INTRO
        page.save_revision().publish()
        page.refresh_from_db()
    return {
        "index_page_title": index.title,
        "index_page_url": index.url,
        "index_page_status": index_status,
        "regulation_page_title": page.title,
        "regulation_page_url": page.url,
        "regulation_page_status": result.status,
        "articles": len(result.parsed.articles),
        "chapters": len(result.parsed.numbered_chapters),
    }
