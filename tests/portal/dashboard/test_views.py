"""The page, its downloads and the JSON API: scope rules, contents, and a bounded query count."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from forms.models import ApprovalStep, Submission
from portal.accounts.services import api_token_issue

from .conftest import at, full_name, login

pytestmark = pytest.mark.django_db
URL = "/theo-doi/"
API = "/api/v1/dashboard/"
CONTRACT = {
    "open_tasks",
    "overdue_tasks",
    "overdue_trip_reports",
    "overdue_feedback",
    "away_today",
    "decision_time",
}


def api_get(client, user, **params):
    _token, raw = api_token_issue(user=user)
    return client.get(API, params, HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_staff_without_a_monitoring_role_are_refused(client, world):
    login(client, world["chuyenvien"])
    assert client.get(URL).status_code == 403
    response = api_get(client, world["chuyenvien"])
    assert response.status_code == 403
    assert "Văn phòng" in response.json()["detail"]


def test_office_sees_every_unit_and_the_contract_names(client, world):
    response = api_get(client, world["chanhvp"])
    assert response.status_code == 200
    data = response.json()
    assert set(data) >= CONTRACT
    assert (data["open_tasks"], data["overdue_tasks"], data["overdue_trip_reports"]) == (3, 2, 1)
    assert data["overdue_feedback"] == 2
    assert {a["name"] for a in data["away_today"]} == {
        full_name(world["chuyenvien"]),
        full_name(world["truongphong"]),
    }
    assert [(d["form"], d["median_hours"], d["p90_hours"]) for d in data["decision_time"]] == [
        ("Giấy đề nghị", 30.0, 44.4)
    ]


@pytest.mark.parametrize("who", ["giamdoc", "pgd2"])
def test_leaders_of_the_department_see_everything(client, world, who):
    data = api_get(client, world[who], unit="TTKC").json()
    assert (data["unit"]["code"], data["open_tasks"], data["overdue_tasks"]) == ("TTKC", 1, 1)


def test_a_unit_head_sees_only_his_unit(client, world):
    data = api_get(client, world["truongphong"]).json()
    assert (data["unit"]["code"], data["open_tasks"], data["overdue_tasks"]) == ("QLCN", 1, 1)
    assert data["overdue_feedback"] is None
    assert data["overdue_trip_reports"] == 1
    assert {a["name"] for a in data["away_today"]} == {
        full_name(world["chuyenvien"]),
        full_name(world["truongphong"]),
    }
    refused = api_get(client, world["truongphong"], unit="KHTC")
    assert refused.status_code == 403
    assert "đơn vị mình" in refused.json()["detail"]


def test_a_unit_head_on_the_page_asking_for_another_unit_is_told_and_shown_his_own(client, world):
    login(client, world["truongphong"])
    response = client.get(URL, {"unit": "KHTC"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Bạn chỉ được xem số liệu của đơn vị mình" in content
    assert response.context["scope"].unit == world["cn"]
    assert response.context["figures"]["open_tasks"] == 1
    assert "Góp ý quá hạn" not in content


def test_bad_dates_and_unknown_units_are_explained_in_vietnamese(client, world):
    assert api_get(client, world["chanhvp"], **{"from": "2026-13-01"}).status_code == 400
    backwards = api_get(client, world["chanhvp"], **{"from": "2026-03-10", "to": "2026-03-01"})
    assert backwards.status_code == 400
    assert "Từ ngày phải trước" in backwards.json()["detail"]
    unknown = api_get(client, world["chanhvp"], unit="KHONGCO")
    assert unknown.status_code == 404
    assert "Không có đơn vị" in unknown.json()["detail"]
    login(client, world["chanhvp"])
    page = client.get(URL, {"from": "31/02/2026"})
    assert "Từ ngày không hợp lệ" in page.content.decode()


def test_period_filter_narrows_decision_times(client, world):
    data = api_get(client, world["chanhvp"], **{"from": "2026-03-05", "to": "2026-03-31"}).json()
    assert [(d["count"], d["median_hours"]) for d in data["decision_time"]] == [(1, 12.0)]


def test_page_shows_cards_and_accessible_tables(client, world):
    login(client, world["chanhvp"])
    response = client.get(URL)
    content = response.content.decode()
    assert response.status_code == 200
    assert 'data-figure="open_tasks"><a href="#bang-tasks_unit">3</a>' in content
    assert "<caption>" in content and 'scope="col"' in content and 'scope="row"' in content
    assert content.count("Tải Excel") == len(response.context["tables"])
    assert "Bí mật" not in content and "Nội dung riêng" not in content  # feedback: counts only
    assert '<svg class="chart"' in content


def test_excel_export_holds_the_rows_of_the_table(client, world):
    login(client, world["chanhvp"])
    response = client.get(URL, {"export": "tasks_unit", "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows[0] == ("Đơn vị", "Đang chờ", "Quá hạn")
    assert sorted(rows[1:]) == sorted(
        [
            ("Phòng Quản lý công nghiệp", 1, 1),
            ("Phòng Kế hoạch - Tài chính", 1, 0),
            ("Phòng Tổng hợp", 1, 1),
        ]
    )


def test_csv_export_is_utf8_with_a_bom(client, world):
    login(client, world["chanhvp"])
    response = client.get(URL, {"export": "trip_reports", "format": "csv"})
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        ["Người đi", "Đơn vị", "Nơi đến", "Đến ngày", "Hạn báo cáo", "Số ngày trễ"],
        [
            full_name(world["chuyenvien"]),
            "Phòng Quản lý công nghiệp",
            "Hà Nội",
            "04/03/2026",
            "11/03/2026",
            "7",
        ],
    ]


def test_export_of_an_unknown_table_is_a_bad_request(client, world):
    login(client, world["chanhvp"])
    assert client.get(URL, {"export": "khong-co", "format": "csv"}).status_code == 400
    assert client.get(URL, {"export": "leave", "format": "pdf"}).status_code == 400


def _bulk_submissions(world, count):
    page, user, unit = world["s1"].form_page, world["chuyenvien"], world["cn"]
    made = Submission.objects.bulk_create(
        [
            Submission(
                form_page=page,
                kind="generic",
                title="Đề nghị",
                requester=user,
                requester_unit=unit,
                status=Submission.Status.APPROVED if n % 2 else Submission.Status.PENDING,
                decided_at=at(3, 6) if n % 2 else None,
            )
            for n in range(count)
        ]
    )
    ApprovalStep.objects.bulk_create(
        [
            ApprovalStep(
                submission=s,
                order=1,
                kind="decision",
                approver=world["pgd1"],
                state="done" if s.decided_at else "active",
                activated_at=at(3, 5),
                decided_at=s.decided_at,
                due_date=at(3, 10).date(),
            )
            for s in made
        ]
    )


def _queries(client, path):
    client.get(path)  # settings and caches warm up on the first call
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.mark.parametrize("path", [URL, API], ids=["page", "api"])
def test_query_count_does_not_grow_with_submissions(client, world, path):
    login(client, world["chanhvp"])
    _bulk_submissions(world, 10)
    few = _queries(client, path)
    _bulk_submissions(world, 990)
    many = _queries(client, path)
    assert few == many
    assert many <= 30
