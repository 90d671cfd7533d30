"""The approver's pages: Việc cần xử lý, the decision box, Đã xử lý, notifications, the bell.

Organisation: small_organisation(); the form: tests/forms/pages_support.generic_form()
(truongphong gives an opinion, then pgd1 decides, for chuyenvien). Approvers need a TOTP
device or the MFA middleware sends them to its setup: login(..., mfa=True).
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from forms.models import ApprovalStep, Submission
from portal.notifications.models import Notification
from tests.forms.pages_support import generic_form, login, submit, text

pytestmark = pytest.mark.django_db

State = ApprovalStep.State


@pytest.fixture
def submission(org):
    return submit(generic_form(), org["chuyenvien"])


def detail_url(submission) -> str:
    return reverse("forms:submission_detail", args=[submission.pk])


def first_step(submission) -> ApprovalStep:
    return submission.steps.get(round=submission.round, order=1)


def test_inbox_lists_the_task_for_its_approver(org, submission):
    response = login(org["truongphong"], mfa=True).get(reverse("flows:inbox"))

    html = text(response)
    step = first_step(submission)
    assert response.status_code == 200
    assert "<h1>Việc cần xử lý</h1>" in html
    assert f'{detail_url(submission)}#xu-ly">{submission.title}</a>' in html
    assert '<span class="badge kind-opinion">Cho ý kiến</span>' in html
    assert str(org["chuyenvien"]) in html and "Phòng Quản lý công nghiệp" in html
    assert f"<dd>{submission.form_page.title}</dd>" in html
    assert step.due_date.strftime("%d/%m/%Y") in html
    assert "Quá hạn" not in html
    assert f'name="steps" value="{step.pk}"' in html
    assert "Đồng ý các ý kiến đã chọn" in html
    assert reverse("flows:done") in html


def test_inbox_of_others_is_empty(org, submission):
    for client in (
        login(org["phophong"], mfa=True),
        login(org["pgd1"], mfa=True),
        login(org["chuyenvien"]),
    ):
        html = text(client.get(reverse("flows:inbox")))
        assert submission.title not in html
        assert "Bạn không có việc nào cần xử lý." in html


def test_overdue_task_is_marked_and_listed_first(org, submission):
    later = submit(submission.form_page.specific, org["chuyenvien"], text="Đơn thứ hai")
    ApprovalStep.objects.filter(pk=first_step(submission).pk).update(
        due_date=timezone.localdate() - datetime.timedelta(days=3)
    )

    html = text(login(org["truongphong"], mfa=True).get(reverse("flows:inbox")))

    assert html.count('<span class="badge badge-overdue">Quá hạn</span>') == 1
    assert "task-overdue" in html
    assert html.index(detail_url(submission)) < html.index(detail_url(later))


def test_delegate_sees_on_whose_behalf(org, submission):
    ApprovalStep.objects.filter(pk=first_step(submission).pk).update(acting=org["phophong"])

    html = text(login(org["phophong"], mfa=True).get(reverse("flows:inbox")))
    assert f"xử lý thay {org['truongphong']}" in html

    detail = text(login(org["phophong"], mfa=True).get(detail_url(submission)))
    assert f"(do {org['phophong']} xử lý thay theo ủy quyền)" in detail
    assert f"Bạn xử lý thay {org['truongphong']} theo ủy quyền." in detail
    assert 'name="decision"' in detail


def test_detail_shows_the_decision_box_to_the_approver(org, submission):
    step = first_step(submission)

    html = text(login(org["truongphong"], mfa=True).get(detail_url(submission)))

    assert 'id="xu-ly"' in html
    assert f'action="{reverse("flows:task", args=[step.pk])}"' in html
    assert '<label for="decision-comment">Ý kiến</label>' in html
    assert 'aria-describedby="decision-comment-help"' in html
    assert "Bắt buộc ghi lý do khi trả lại để bổ sung hoặc không đồng ý." in html
    for value, label in [
        ("approve", "Đồng ý"),
        ("return", "Trả lại để bổ sung"),
        ("reject", "Không đồng ý"),
    ]:
        assert f'value="{value}"' in html and f">{label}</button>" in html
    # The approver is not the requester: no withdraw button.
    assert reverse("forms:withdraw", args=[submission.pk]) not in html


def test_the_approver_agrees_and_the_chain_moves_on(org, submission):
    step = first_step(submission)
    client = login(org["truongphong"], mfa=True)

    response = client.post(
        reverse("flows:task", args=[step.pk]),
        {"decision": "approve", "comment": "Đề nghị Lãnh đạo Sở xem xét."},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse("flows:inbox")
    assert "Đã ghi nhận ý kiến xử lý." in text(response)
    step.refresh_from_db()
    assert (step.state, step.decision) == (State.DONE, ApprovalStep.Decision.APPROVED)
    second = submission.steps.get(order=2)
    assert (second.state, second.approver) == (State.ACTIVE, org["pgd1"])

    decider = login(org["pgd1"], mfa=True)
    inbox = text(decider.get(reverse("flows:inbox")))
    assert '<span class="badge kind-decision">Phê duyệt</span>' in inbox
    assert 'name="steps"' not in inbox  # decisions are never taken in bulk
    detail = text(decider.get(detail_url(submission)))
    assert "Phê duyệt đơn" in detail and "Đề nghị Lãnh đạo Sở xem xét." in detail

    done = text(client.get(reverse("flows:done")))
    assert "<h1>Đã xử lý</h1>" in done
    assert submission.title in done and "Đề nghị Lãnh đạo Sở xem xét." in done
    assert '<span class="badge decision-approved">Đồng ý</span>' in done


def test_the_decider_approves_and_the_requester_sees_it(org, submission):
    login(org["truongphong"], mfa=True).post(
        reverse("flows:task", args=[first_step(submission).pk]), {"decision": "approve"}
    )
    second = submission.steps.get(order=2)

    login(org["pgd1"], mfa=True).post(
        reverse("flows:task", args=[second.pk]), {"decision": "approve", "comment": "Đồng ý."}
    )

    submission.refresh_from_db()
    assert submission.status == Submission.Status.APPROVED
    html = text(login(org["chuyenvien"]).get(detail_url(submission)))
    assert '<span class="badge badge-approved">Đã phê duyệt</span>' in html
    assert "Hoàn tất phê duyệt" in html


@pytest.mark.parametrize("decision", ["reject", "return"])
def test_refusing_without_a_comment_shows_an_error_and_changes_nothing(org, submission, decision):
    step = first_step(submission)

    response = login(org["truongphong"], mfa=True).post(
        reverse("flows:task", args=[step.pk]), {"decision": decision, "comment": "  "}, follow=True
    )

    assert response.redirect_chain[-1][0] == detail_url(submission) + "#xu-ly"
    assert "Hãy ghi lý do khi không đồng ý hoặc trả lại đơn." in text(response)
    step.refresh_from_db()
    submission.refresh_from_db()
    assert (step.state, step.decision) == (State.ACTIVE, None)
    assert submission.status == Submission.Status.PENDING


def test_rejecting_with_a_comment_ends_the_submission(org, submission):
    login(org["truongphong"], mfa=True).post(
        reverse("flows:task", args=[first_step(submission).pk]),
        {"decision": "reject", "comment": "Không có trong kế hoạch."},
    )

    submission.refresh_from_db()
    assert submission.status == Submission.Status.REJECTED
    html = text(login(org["chuyenvien"]).get(detail_url(submission)))
    assert "Không có trong kế hoạch." in html
    assert '<span class="badge badge-rejected">Không phê duyệt</span>' in html
    assert reverse("forms:withdraw", args=[submission.pk]) not in html


def test_a_stranger_cannot_see_or_decide(org, submission):
    step = first_step(submission)
    stranger = login(org["chuyenvien_kh"])

    assert stranger.get(detail_url(submission)).status_code == 404
    response = stranger.post(reverse("flows:task", args=[step.pk]), {"decision": "approve"})

    assert response.status_code == 404
    step.refresh_from_db()
    assert step.state == State.ACTIVE


def test_the_requester_cannot_decide_their_own_task(org, submission):
    step = first_step(submission)

    response = login(org["chuyenvien"]).post(
        reverse("flows:task", args=[step.pk]), {"decision": "approve"}, follow=True
    )

    assert "Bạn không phải người xử lý việc này." in text(response)
    step.refresh_from_db()
    assert step.state == State.ACTIVE


def test_bulk_approve_agrees_to_the_selected_opinions(org, submission):
    step = first_step(submission)

    response = login(org["truongphong"], mfa=True).post(
        reverse("flows:bulk_approve"), {"steps": [str(step.pk)]}, follow=True
    )

    assert "Đã cho ý kiến đồng ý 1 đơn; bỏ qua 0 đơn." in text(response)
    step.refresh_from_db()
    assert step.decision == ApprovalStep.Decision.APPROVED


def test_done_page_empty_state(org, submission):
    html = text(login(org["truongphong"], mfa=True).get(reverse("flows:done")))
    assert "Bạn chưa xử lý việc nào." in html


def test_bell_and_task_count_in_the_header(org, submission):
    client = login(org["truongphong"], mfa=True)

    html = text(client.get(reverse("flows:inbox")))
    assert "Thông báo (1 chưa đọc)" in html
    assert '<span class="count-badge" aria-hidden="true">1</span>' in html
    assert "(1 việc đang chờ)" in html

    nobody = text(login(org["chuyenvien_kh"]).get(reverse("forms:index")))
    assert "chưa đọc" not in nobody and "việc đang chờ" not in nobody
    assert '<span class="bell-text">Thông báo</span>' in nobody


def test_anonymous_visitors_get_no_bell(org, client):
    html = text(client.get("/accounts/login/"))
    assert "bell" not in html


def test_notifications_list_open_and_mark_all_read(org, submission):
    client = login(org["truongphong"], mfa=True)
    notification = Notification.objects.get(user=org["truongphong"])

    html = text(client.get(reverse("notifications:list")))
    assert "<h1>Thông báo</h1>" in html
    assert "notification-unread" in html and "Chưa đọc" in html
    assert reverse("notifications:open", args=[notification.pk]) in html
    assert "Đánh dấu đã đọc tất cả" in html

    opened = client.get(reverse("notifications:open", args=[notification.pk]))
    assert opened["Location"] == reverse("flows:task", args=[first_step(submission).pk])
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert "Thông báo (1 chưa đọc)" not in text(client.get(reverse("notifications:list")))

    Notification.objects.filter(pk=notification.pk).update(read_at=None)
    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(user=org["truongphong"], read_at=None).exists()


def test_notification_email_renders(org, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submission = submit(generic_form(), org["chuyenvien"])

    message = next(m for m in mailoutbox if org["truongphong"].email in m.to)
    assert message.subject == f"[Cổng biểu mẫu] Có đơn cần cho ý kiến: {submission.title}"
    assert message.body.startswith(f"Kính gửi {org['truongphong']},\n\n")
    assert "Hạn xử lý: " in message.body
    link = "http://testserver" + reverse("flows:task", args=[first_step(submission).pk])
    assert f"Xem chi tiết: {link}" in message.body
    assert "Thư gửi tự động, vui lòng không trả lời." in message.body


def test_the_nav_marks_the_current_section_only(org, submission):
    client = login(org["truongphong"], mfa=True)
    inbox, done = reverse("flows:inbox"), reverse("flows:done")

    assert f'<a href="{inbox}" aria-current="page">' in text(client.get(inbox))
    assert f'<a href="{inbox}" aria-current="true">' in text(client.get(done))
    mine = text(client.get(reverse("forms:my_submissions")))
    assert f'<a href="{reverse("forms:my_submissions")}" aria-current="page">' in mine
    assert f'<a href="{reverse("forms:index")}">' in mine
    # A submission belongs to no section of the menu.
    detail = text(client.get(detail_url(submission)))
    nav = detail[detail.index('id="main-nav"') : detail.index("</nav>")]
    assert "aria-current" not in nav


def test_a_busy_inbox_comes_one_page_at_a_time(org, settings, monkeypatch):
    from flows import views

    monkeypatch.setattr(views, "INBOX_PAGE_SIZE", 2)
    form = generic_form()
    titles = {submit(form, org["chuyenvien"]).title for _ in range(3)}
    client = login(org["truongphong"], mfa=True)

    first = text(client.get(reverse("flows:inbox")))
    second = text(client.get(reverse("flows:inbox") + "?page=2"))

    assert "3 việc đang chờ bạn xử lý." in first
    assert first.count('name="steps"') == 2 and second.count('name="steps"') == 1
    assert "Trang 1/2" in first and 'rel="next"' in first
    assert all(title in first + second for title in titles)


def test_the_menu_badge_on_the_inbox_is_the_inbox_count_not_a_second_query(org, submission):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(org["truongphong"], mfa=True)
    with CaptureQueriesContext(connection) as ctx:
        html = text(client.get(reverse("flows:inbox")))

    counts = [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"].upper()]
    assert len([sql for sql in counts if "forms_approvalstep" in sql]) == 1
    assert '<span class="count-badge" aria-hidden="true">1</span>' in html
    assert "(1 việc đang chờ)" in html
