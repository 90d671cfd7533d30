"""The recipient's handlers take a case from arrival to its answer; nobody else sees it."""

import datetime

import pytest
from django.core.management import call_command

from forms.feedback.digest import feedback_digest_send
from forms.feedback.handling import (
    HandlingError,
    case_accept,
    case_answer,
    case_close,
    case_forward,
    case_message,
    case_out_of_scope,
    handlers_for,
    overdue_count,
)
from forms.feedback.models import FeedbackCase, FeedbackCategory, FeedbackSettings, IdentityView
from forms.feedback.services import case_by_receipt, feedback_submit, sender_reply
from portal.notifications.models import Notification
from portal.org import roles
from tests.factories import add_to_role, login_with_mfa

pytestmark = pytest.mark.django_db

WEDNESDAY = datetime.date(2026, 11, 25)


@pytest.fixture
def people(org):
    add_to_role(org["phophong"], roles.UNION)
    add_to_role(org["chuyenvien_kh"], roles.INSPECTION_BOARD)
    return org


def file(recipient="union", category="phan-anh", anonymous=True, user=None):
    return feedback_submit(
        recipient=recipient,
        category=FeedbackCategory.objects.get(code=category),
        title="Phân công trực",
        content="Lịch trực dồn cho một số người.",
        anonymous=anonymous,
        user=user,
    )


def login(client, user):
    return login_with_mfa(client, user)


def test_handlers_are_the_configured_director_the_union_and_the_board(people):
    assert handlers_for(recipient="union") == [people["phophong"]]
    assert handlers_for(recipient="inspection_board") == [people["chuyenvien_kh"]]
    assert handlers_for(recipient="director") == [people["giamdoc"]]
    settings = FeedbackSettings.load()
    settings.director_unit = people["tt"]
    settings.save()
    assert handlers_for(recipient="director") == [people["giamdoc_tt"]]


def test_the_answer_is_due_in_the_categorys_working_days(people, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 20, 10, 0), tick=False)  # a Friday
    case = file(category="gop-y").case  # 10 working days; 24/11 is a holiday
    assert case.received_on == datetime.date(2026, 11, 20)
    assert case.due_on == datetime.date(2026, 12, 7)


def test_a_case_goes_from_arrival_to_its_answer_and_the_sender_reads_it(people):
    filed = file()
    union = people["phophong"]
    case = case_accept(case=filed.case, user=union)
    case_message(case=case, user=union, body="Xin cho biết tháng nào?")
    sender_reply(case=case, body="Tháng 11.")
    case = case_answer(case=case, user=union, answer="Công đoàn đã đề nghị chia lại lịch.")
    case_close(case=case, user=union)
    seen = case_by_receipt(filed.receipt)
    assert seen.status == "closed" and seen.answer.startswith("Công đoàn")
    assert [m.from_sender for m in seen.messages.all()] == [False, True]


def test_only_the_recipients_handlers_may_act(people):
    case = file().case
    with pytest.raises(HandlingError):
        case_accept(case=case, user=people["chuyenvien_kh"])  # the board, not the union


def test_forwarding_hands_the_case_to_another_recipient(people):
    case = case_forward(
        case=file().case, user=people["phophong"], recipient="inspection_board", note="Thuộc TTND"
    )
    assert case.recipient == "inspection_board" and case.status == "new"
    with pytest.raises(HandlingError):
        case_accept(case=case, user=people["phophong"])
    case_accept(case=case, user=people["chuyenvien_kh"])


def test_out_of_scope_needs_a_reason(people):
    with pytest.raises(HandlingError):
        case_out_of_scope(case=file().case, user=people["phophong"], reason=" ")


def test_handlers_hear_of_new_cases_once_a_day_not_at_the_moment_of_sending(people):
    file()
    file()
    assert not Notification.objects.filter(user=people["phophong"]).exists()
    assert feedback_digest_send(today=WEDNESDAY) == 2
    assert feedback_digest_send(today=WEDNESDAY) == 0
    notice = Notification.objects.get(user=people["phophong"])
    assert notice.title == "Có 2 góp ý, kiến nghị, phản ánh mới cần xử lý"


def test_run_timers_sends_the_digest(people, time_machine):
    file()
    time_machine.move_to(datetime.datetime(2026, 11, 25, 7, 0), tick=False)
    call_command("run_timers")
    assert Notification.objects.filter(user=people["phophong"]).count() == 1


def test_overdue_answers_are_counted_without_content(people):
    case = file().case
    assert overdue_count(today=case.due_on) == 0
    assert overdue_count(today=case.due_on + datetime.timedelta(days=1)) == 1


def test_a_named_senders_identity_is_shown_to_handlers_only_and_logged(people, client):
    case = file(anonymous=False, user=people["chuyenvien"]).case
    assert case.sender == people["chuyenvien"] and case.receipt_hash is None
    page = login(client, people["phophong"]).get(f"/gop-y/xu-ly/{case.pk}/")
    assert page.status_code == 200
    assert people["chuyenvien"].get_full_name() not in page.content.decode()
    shown = client.get(f"/gop-y/xu-ly/{case.pk}/?hien-nguoi-gui=1")
    assert people["chuyenvien"].get_full_name() in shown.content.decode()
    assert IdentityView.objects.get(case=case).viewer == people["phophong"]
    # The person the feedback is about, when not a handler, cannot open it at all.
    assert login(client, people["truongphong"]).get(f"/gop-y/xu-ly/{case.pk}/").status_code == 404
    assert client.get("/gop-y/xu-ly/").status_code == 403


def test_handlers_work_the_case_from_its_page(people, client):
    case = file().case
    handler = login(client, people["phophong"])
    assert case.title in handler.get("/gop-y/xu-ly/").content.decode()
    handler.post(f"/gop-y/xu-ly/{case.pk}/buoc/accept/")
    handler.post(f"/gop-y/xu-ly/{case.pk}/buoc/answer/", {"text": "Đã xem xét."})
    case.refresh_from_db()
    assert (case.status, case.answer) == ("answered", "Đã xem xét.")
    assert FeedbackCase.objects.count() == 1


def test_a_named_sender_follows_his_own_cases_and_only_them(people, client):
    mine = file(anonymous=False, user=people["chuyenvien"]).case
    case_answer(case=mine, user=people["phophong"], answer="Đã chia lại lịch trực.")
    file(anonymous=False, user=people["chuyenvien_kh"])
    file()  # anonymous: never tied to any account
    page = login(client, people["chuyenvien"]).get("/gop-y/cua-toi/")
    text = page.content.decode()
    assert page.status_code == 200
    assert text.count("Phân công trực") == 1 and "Đã chia lại lịch trực." in text
