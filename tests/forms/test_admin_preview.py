"""The approval chain preview in the Wagtail admin, and saving a policy from the editor."""

import datetime
import re

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from forms.models import ApprovalFormPage
from portal.org import roles
from tests.factories import (
    DelegationFactory,
    UnitFactory,
    UserFactory,
    add_to_role,
    approval_form,
    login_with_mfa,
)

pytestmark = pytest.mark.django_db


def step(kind, resolver, days=2):
    return {
        "kind": kind,
        "resolver": resolver,
        "group": "",
        "person": "",
        "deadline_days": days,
        "signer_title": "",
    }


def rule(name, steps, conditions=(), positions=(), units=()):
    return {
        "type": "rule",
        "value": {
            "name": name,
            "positions": list(positions),
            "units": list(units),
            "conditions": list(conditions),
            "steps": list(steps),
        },
    }


# Above 100 million the Giám đốc Sở decides; otherwise the Lãnh đạo Sở phụ trách.
PURCHASE_POLICY = [
    rule(
        "Mua sắm trên 100 triệu",
        [step("opinion", "unit_head", 1), step("decision", "director", 3)],
        conditions=[{"field": "so_tien", "operator": "gt", "value": "100000000"}],
    ),
    rule("Mọi trường hợp", [step("opinion", "unit_head", 1), step("decision", "overseer", 2)]),
]


@pytest.fixture
def admin_client(client, org):
    admin = UserFactory(
        username="quantri", last_name="Lê Thị", first_name="Quản Trị", is_superuser=True
    )
    login_with_mfa(client, admin)
    return client


@pytest.fixture
def purchase_form(org):
    return approval_form(
        title="Đề nghị mua sắm",
        slug="de-nghi-mua-sam",
        policy=PURCHASE_POLICY,
        fields=[("Nội dung mua sắm", "multiline", True), ("Số tiền", "number", True)],
    )


def preview_url(page):
    return reverse("forms_preview_chain", args=[page.pk])


def text(response) -> str:
    """The response's visible text, tags removed and whitespace collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def result_rows(response) -> list[str]:
    """The text of each row of the chain table."""
    html = response.content.decode()
    section = html.split('id="preview-result"', 1)[1]
    body = section.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", body, flags=re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in rows]


# ---------------------------------------------------------------- reaching the preview


def test_edit_page_offers_the_preview_in_its_actions_menu(admin_client, purchase_form):
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[purchase_form.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert preview_url(purchase_form) in html
    assert "Xem trước chuỗi phê duyệt" in html


def test_explorer_offers_the_preview_only_for_approval_forms(admin_client, purchase_form):
    response = admin_client.get(
        reverse("wagtailadmin_explore", args=[purchase_form.get_parent().pk])
    )

    html = response.content.decode()
    assert preview_url(purchase_form) in html
    home = purchase_form.get_parent()
    assert reverse("forms_preview_chain", args=[home.pk]) not in html


def test_get_shows_the_form_with_one_input_per_policy_variable(admin_client, org, purchase_form):
    response = admin_client.get(preview_url(purchase_form))

    assert response.status_code == 200
    body = text(response)
    assert "Xem trước chuỗi phê duyệt" in body
    assert "Đề nghị mua sắm" in body
    # The variable is labelled with the form field it comes from and where the rules test it.
    assert 'name="value_so_tien"' in response.content.decode()
    assert "Số tiền (so_tien)" in body
    assert "Quy tắc 1: so_tien &gt; 100000000" in body
    # Requesters are grouped by unit, with their position.
    html = response.content.decode()
    assert 'label="Phòng Quản lý công nghiệp"' in html
    assert f"{org['chuyenvien'].get_full_name()} — Chuyên viên (chuyenvien)" in html


def test_preview_lists_who_acts_in_order(admin_client, org, purchase_form):
    response = admin_client.post(
        preview_url(purchase_form),
        {"requester": org["chuyenvien"].pk, "value_so_tien": "5000000"},
    )

    assert response.status_code == 200
    body = text(response)
    assert "Quy tắc áp dụng: số 2 — Mọi trường hợp" in body
    rows = result_rows(response)
    assert len(rows) == 2
    assert rows[0].startswith("1 Cho ý kiến " + org["truongphong"].get_full_name())
    assert "Trưởng phòng, Phòng Quản lý công nghiệp" in rows[0]
    assert "1 ngày làm việc" in rows[0]
    assert rows[1].startswith("2 Phê duyệt " + org["pgd1"].get_full_name())
    assert "Phó Giám đốc Sở, Sở Công Thương" in rows[1]
    assert "2 ngày làm việc" in rows[1]


def test_values_choose_the_rule(admin_client, org, purchase_form):
    response = admin_client.post(
        preview_url(purchase_form),
        {"requester": org["chuyenvien"].pk, "value_so_tien": "250.000.000"},
    )

    assert "Quy tắc áp dụng: số 1 — Mua sắm trên 100 triệu" in text(response)
    rows = result_rows(response)
    assert rows[1].startswith("2 Phê duyệt " + org["giamdoc"].get_full_name())
    assert "3 ngày làm việc" in rows[1]


def test_head_requesting_is_moved_up_and_the_steps_merge(admin_client, org, purchase_form):
    response = admin_client.post(
        preview_url(purchase_form), {"requester": org["truongphong"].pk, "value_so_tien": "10"}
    )

    rows = result_rows(response)
    assert len(rows) == 1
    assert rows[0].startswith("1 Phê duyệt " + org["pgd1"].get_full_name())
    assert "Người đề nghị là trưởng đơn vị: chuyển lên cấp trên" in rows[0]
    assert "Gộp với bước trước" in rows[0]


def test_delegation_shows_who_acts_instead(admin_client, org, purchase_form):
    DelegationFactory(
        delegator=org["truongphong"],
        delegate=org["phophong"],
        start_date=datetime.date(2026, 12, 1),
        end_date=datetime.date(2026, 12, 5),
    )

    response = admin_client.post(
        preview_url(purchase_form),
        {"requester": org["chuyenvien"].pk, "value_so_tien": "10", "on": "2026-12-02"},
    )

    rows = result_rows(response)
    assert org["truongphong"].get_full_name() in rows[0]
    assert f"Xử lý thay theo ủy quyền: {org['phophong'].get_full_name()}" in rows[0]
    assert "Phó trưởng phòng" in rows[0]
    assert "nộp ngày 02/12/2026" in text(response)


def test_dropped_steps_and_routing_errors_are_shown_in_vietnamese(admin_client, org):
    page = approval_form(
        title="Báo cáo",
        slug="bao-cao",
        policy=[
            rule(
                "Mọi trường hợp",
                [step("notice", "unit_deputy", 0), step("decision", "centre_head")],
            )
        ],
    )

    # Phòng Kế hoạch - Tài chính has no deputy (a notice is dropped) and no Trung tâm above it.
    response = admin_client.post(preview_url(page), {"requester": org["chuyenvien_kh"].pk})

    body = text(response)
    assert "Không lập được chuỗi phê duyệt:" in body
    assert "Bước 2 (Giám đốc Trung tâm): không tìm được ai." in body
    assert "Đề nghị quản trị viên kiểm tra quy trình phê duyệt." in body
    # The policy's own warnings are listed on every visit.
    assert "Cảnh báo:" in body
    assert "&quot;Giám đốc Trung tâm&quot; không tìm được ai" in body

    response = admin_client.post(preview_url(page), {"requester": org["vienchuc"].pk})
    body = text(response)
    assert "Không lập được chuỗi phê duyệt" not in body
    assert "Bước 1 (Cấp phó của đơn vị): không tìm được ai, bỏ bước." in body
    assert result_rows(response)[0].startswith("1 Phê duyệt " + org["giamdoc_tt"].get_full_name())


def test_group_steps_name_the_group_and_its_members(admin_client, org):
    add_to_role(org["chanhvp"], roles.OFFICE)
    page = approval_form(
        title="Đăng ký xe",
        slug="dang-ky-xe",
        policy=[
            rule(
                "Mọi trường hợp",
                [
                    step("decision", "unit_head"),
                    {**step("notice", "group", 0), "group": roles.OFFICE},
                ],
            )
        ],
    )

    response = admin_client.post(preview_url(page), {"requester": org["chuyenvien"].pk})

    rows = result_rows(response)
    assert rows[1].startswith("2 Thông báo Nhóm Văn phòng " + org["chanhvp"].get_full_name())
    assert rows[1].endswith("—")  # a notice has no deadline


def test_preview_reads_the_latest_draft_not_the_live_page(admin_client, org, purchase_form):
    draft = purchase_form.get_latest_revision_as_object()
    draft.approval_policy = [rule("Bản nháp", [step("decision", "director")])]
    draft.save_revision(user=None)

    response = admin_client.post(preview_url(purchase_form), {"requester": org["chuyenvien"].pk})

    body = text(response)
    assert "Quy tắc áp dụng: số 1 — Bản nháp" in body
    assert result_rows(response)[0].startswith("1 Phê duyệt " + org["giamdoc"].get_full_name())
    assert "Bản này chưa được xuất bản" in body
    # The live policy is untouched.
    live = ApprovalFormPage.objects.get(pk=purchase_form.pk)
    assert live.approval_policy.raw_data[0]["value"]["name"] == "Mua sắm trên 100 triệu"


def test_requester_outside_the_audience_is_flagged(admin_client, org, purchase_form):
    draft = purchase_form.get_latest_revision_as_object()
    draft.open_to_all = False
    draft.allowed_units = [org["kh"]]
    draft.save_revision(user=None)

    response = admin_client.post(preview_url(purchase_form), {"requester": org["chuyenvien"].pk})
    assert "không thuộc đối tượng được nộp biểu mẫu" in text(response)

    response = admin_client.post(preview_url(purchase_form), {"requester": org["chuyenvien_kh"].pk})
    assert "không thuộc đối tượng được nộp biểu mẫu" not in text(response)


def test_missing_requester_is_a_form_error(admin_client, purchase_form):
    response = admin_client.post(preview_url(purchase_form), {"value_so_tien": "1"})

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="preview-result"' not in html
    assert "error-message" in html


# ---------------------------------------------------------------- who may preview


def test_user_who_cannot_edit_the_page_is_refused(client, org, purchase_form):
    form_admin = UserFactory(username="qtbm")
    add_to_role(form_admin, roles.FORM_ADMINS)  # may enter the admin, owns no pages
    login_with_mfa(client, form_admin)

    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    # Wagtail turns the refusal into a redirect to the dashboard with an error message.
    for response in (
        client.get(preview_url(purchase_form)),
        client.post(preview_url(purchase_form), {"requester": org["chuyenvien"].pk}),
    ):
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")
    dashboard = client.get(reverse("wagtailadmin_home"))
    assert "không có quyền" in text(dashboard)
    # Nor is the preview offered in the page's menus.
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[purchase_form.pk]))
    assert preview_url(purchase_form) not in edit.content.decode()


def test_staff_without_admin_access_are_sent_away(client, org, purchase_form):
    client.force_login(org["chuyenvien"])

    response = client.get(preview_url(purchase_form))

    assert response.status_code == 302
    assert "Chuỗi phê duyệt" not in response.content.decode()


def test_other_page_types_have_no_preview(admin_client, purchase_form):
    home = Page.objects.get(pk=purchase_form.get_parent().pk)

    assert admin_client.get(reverse("forms_preview_chain", args=[home.pk])).status_code == 404


# ---------------------------------------------------------------- the page editor


def test_policy_choices_come_from_the_database_when_the_editor_opens(
    admin_client, org, purchase_form
):
    edit_url = reverse("wagtailadmin_pages:edit", args=[purchase_form.pk])
    html = admin_client.get(edit_url).content.decode()
    # The block definitions are JSON inside an attribute: compare with the JSON escapes.
    assert "Chuy\\u00ean vi\\u00ean" in html  # a position
    assert "(QLCN)" in html  # a unit, shown with its code
    assert "V\\u0103n ph\\u00f2ng" in html  # a functional group

    UnitFactory(name="Phòng Thương mại", code="PTM", parent=org["so"])
    html = admin_client.get(edit_url).content.decode()
    assert "(PTM)" in html


def edit_data(page, policy, *, fields=None, action="action-publish"):
    """The POST of the page editor, built as Wagtail's own tests build it."""
    existing = list(page.form_fields.all())
    fields = (
        fields
        if fields is not None
        else [
            {"label": f.label, "field_type": f.field_type, "required": f.required} for f in existing
        ]
    )
    rows = []
    for index, field in enumerate(fields):
        row = {
            "label": field["label"],
            "field_type": field["field_type"],
            "choices": "",
            "default_value": "",
            "help_text": "",
            "max_size_mb": "10",
            "allowed_types": "pdf,jpg,png,docx,xlsx",
        }
        if field.get("required"):
            row["required"] = "on"
        if index < len(existing):
            row["id"] = str(existing[index].pk)
        rows.append(row)

    def block(value):
        def items(values, child):
            data = {
                str(i): {"value": child(v), "deleted": "", "order": str(i), "id": ""}
                for i, v in enumerate(values)
            }
            data["count"] = str(len(values))
            return data

        return {
            "name": value["name"],
            "conditions": items(value["conditions"], dict),
            "steps": items(value["steps"], lambda s: {k: str(v) for k, v in s.items()}),
        }

    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "intro": rich_text(""),
            "thank_you_text": rich_text(""),
            "form_fields": inline_formset(rows, initial=len(existing)),
            "open_to_all": "on",
            "approval_policy": streamfield([("rule", block(r["value"])) for r in policy]),
            "seo_title": "",
            "search_description": "",
        }
    )
    # Multiple choices travel as repeated keys, which nested_form_data cannot express.
    for index, item in enumerate(policy):
        for key in ("positions", "units"):
            if item["value"][key]:
                data[f"approval_policy-{index}-value-{key}"] = item["value"][key]
    data[action] = action
    return data


def test_publishing_a_valid_policy_from_the_editor(admin_client, org, purchase_form):
    policy = [
        rule(
            "Chuyên viên",
            [step("opinion", "unit_head"), step("decision", "overseer")],
            positions=["chuyen-vien"],
            units=["QLCN"],
        ),
        rule("Mọi trường hợp", [step("decision", "director")]),
    ]

    response = admin_client.post(
        reverse("wagtailadmin_pages:edit", args=[purchase_form.pk]),
        edit_data(purchase_form, policy),
    )

    assert response.status_code == 302, text(response)[:2000]
    page = ApprovalFormPage.objects.get(pk=purchase_form.pk)
    rules = [item["value"] for item in page.approval_policy.raw_data]
    assert [r["name"] for r in rules] == ["Chuyên viên", "Mọi trường hợp"]
    assert rules[0]["positions"] == ["chuyen-vien"]
    assert rules[0]["units"] == ["QLCN"]


def test_invalid_policy_is_refused_with_the_error_on_the_policy(admin_client, purchase_form):
    live_revision = ApprovalFormPage.objects.get(pk=purchase_form.pk).live_revision_id
    policy = [
        rule("Mọi trường hợp", [step("decision", "unit_head")]),
        rule("Chuyên viên", [step("decision", "director")], positions=["chuyen-vien"]),
    ]

    response = admin_client.post(
        reverse("wagtailadmin_pages:edit", args=[purchase_form.pk]),
        edit_data(purchase_form, policy),
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "The page could not be saved" in html or "Không thể lưu" in html
    # The error travels with the StreamField's own data (JSON-escaped), so it is drawn at
    # the top of the policy, on the "Quy trình phê duyệt" tab.
    policy_widget = html.split('id="approval_policy"', 1)[1].split("</div>", 1)[0]
    assert "Quy t\\u1eafc 2 \\u0111\\u1ee9ng sau quy t\\u1eafc m\\u1eb7c \\u0111\\u1ecbnh 1" in (
        policy_widget
    )
    page = ApprovalFormPage.objects.get(pk=purchase_form.pk)
    assert page.live_revision_id == live_revision
    assert page.latest_revision_id == live_revision
    assert [item["value"]["name"] for item in page.approval_policy.raw_data] == [
        "Mua sắm trên 100 triệu",
        "Mọi trường hợp",
    ]


def test_saving_a_draft_with_an_invalid_policy_is_refused_too(admin_client, purchase_form):
    revisions = purchase_form.revisions.count()

    response = admin_client.post(
        reverse("wagtailadmin_pages:edit", args=[purchase_form.pk]),
        edit_data(purchase_form, [], action="action-save"),
    )

    assert response.status_code == 200
    assert "Ch\\u01b0a c\\u00f3 quy t\\u1eafc n\\u00e0o" in response.content.decode()
    assert purchase_form.revisions.count() == revisions


def test_two_fields_with_the_same_name_are_refused_not_a_server_error(admin_client, purchase_form):
    fields = [
        {"label": "Nội dung mua sắm", "field_type": "multiline", "required": True},
        {"label": "Số tiền", "field_type": "number", "required": True},
        {"label": "Số tiền", "field_type": "singleline", "required": False},
    ]

    response = admin_client.post(
        reverse("wagtailadmin_pages:edit", args=[purchase_form.pk]),
        edit_data(purchase_form, PURCHASE_POLICY, fields=fields),
    )

    assert response.status_code == 200
    assert "có cùng tên máy “so_tien”" in response.content.decode()
    assert purchase_form.form_fields.count() == 2
