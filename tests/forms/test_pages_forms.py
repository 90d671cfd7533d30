"""The staff pages of a form: Biểu mẫu, the form page, Đơn của tôi, a submission, resubmit.

Organisation: small_organisation(); the form: tests/forms/pages_support.generic_form().
"""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from flows.services import task_decide
from forms.models import ApprovalStep, Attachment, Submission
from tests.forms.pages_support import (
    PDF,
    content_name,
    generic_form,
    login,
    names,
    submit,
    text,
)

pytestmark = pytest.mark.django_db

State = ApprovalStep.State


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def form(org):
    return generic_form()


def detail_url(submission) -> str:
    return reverse("forms:submission_detail", args=[submission.pk])


def test_index_lists_the_forms_i_may_submit(org, form):
    response = login(org["chuyenvien"]).get(reverse("forms:index"))

    html = text(response)
    assert response.status_code == 200
    assert "<h1>Biểu mẫu</h1>" in html
    assert f'<a href="{form.url}">Giấy đề nghị</a>' in html
    assert 'aria-current="page"' in html


def test_form_page_renders_labels_help_token_and_multipart(org, form):
    response = login(org["chuyenvien"]).get(form.url)

    html = text(response)
    field = names(form)
    assert response.status_code == 200
    assert "<h1>Giấy đề nghị</h1>" in html
    assert 'enctype="multipart/form-data"' in html
    assert re.search(r'<input type="hidden" name="submission_token" value="[0-9a-f]{32}">', html)
    assert f'<label for="id_{field["Nội dung đề nghị"]}">Nội dung đề nghị' in html
    assert "(bắt buộc)" in html and "Mục có dấu * là bắt buộc." in html
    # The file field's help text is tied to the input.
    file_id = f"id_{field['Tệp kèm theo']}"
    assert f'id="{file_id}_helptext"' in html
    assert f'aria-describedby="{file_id}_helptext"' in html
    assert "Gửi đơn" in html and "data-once" in html


def test_staff_member_submits_and_lands_on_the_detail_page(org, form):
    client = login(org["chuyenvien"])
    token = re.search(r'name="submission_token" value="(\w+)"', text(client.get(form.url)))[1]

    response = client.post(
        form.url,
        {content_name(form): "Đề nghị cấp 5 ram giấy A4.", "submission_token": token},
        follow=True,
    )

    submission = Submission.objects.get()
    assert response.redirect_chain == [(detail_url(submission), 302)]
    html = text(response)
    assert "Đã gửi đơn. Bạn có thể theo dõi tiến trình ở đây." in html
    assert "Đề nghị cấp 5 ram giấy A4." in html
    assert "Đang xử lý" in html
    assert "<dt>Nội dung đề nghị</dt>" in html
    assert "Phòng Quản lý công nghiệp" in html
    assert "Cho ý kiến" in html and str(org["truongphong"]) in html
    assert "Lần nộp 1" in html and "Nộp đơn" in html
    # The requester may withdraw but not decide.
    assert reverse("forms:withdraw", args=[submission.pk]) in html
    assert 'name="decision"' not in html


def test_posting_twice_with_the_same_token_creates_one_submission(org, form):
    client = login(org["chuyenvien"])
    data = {content_name(form): "Đề nghị", "submission_token": "a" * 32}

    first = client.post(form.url, data)
    second = client.post(form.url, data)

    submission = Submission.objects.get()
    assert first["Location"] == second["Location"] == detail_url(submission)
    assert submission.steps.count() == 2


def test_missing_required_field_shows_the_error_and_keeps_the_token(org, form):
    response = login(org["chuyenvien"]).post(form.url, {"submission_token": "b" * 32})

    html = text(response)
    field_id = f"id_{content_name(form)}"
    assert response.status_code == 200
    assert "Chưa gửi được, vui lòng kiểm tra lại" in html
    assert f'id="{field_id}_error"' in html
    assert 'aria-invalid="true"' in html
    assert f'value="{"b" * 32}"' in html
    assert not Submission.objects.exists()


def test_a_text_file_named_pdf_is_refused_by_its_content(org, form):
    fake = SimpleUploadedFile("ho-so.pdf", b"Day chi la van ban.", content_type="application/pdf")

    response = login(org["chuyenvien"]).post(
        form.url,
        {content_name(form): "Đề nghị", names(form)["Tệp kèm theo"]: fake, "submission_token": "c"},
    )

    html = text(response)
    assert response.status_code == 200
    assert "Nội dung tệp không phải là PDF" in html
    assert "tên tệp không được dùng để kiểm tra" in html
    assert not Submission.objects.exists() and not Attachment.objects.exists()


def test_a_real_pdf_is_attached_and_only_visible_people_download_it(org, form):
    pdf = SimpleUploadedFile("ke-hoach.pdf", PDF, content_type="application/pdf")
    client = login(org["chuyenvien"])
    client.post(
        form.url,
        {content_name(form): "Đề nghị", names(form)["Tệp kèm theo"]: pdf, "submission_token": "d"},
    )
    submission = Submission.objects.get()
    attachment = Attachment.objects.get()
    url = reverse("forms:attachment", args=[attachment.pk])

    html = text(client.get(detail_url(submission)))
    assert f'<a href="{url}">ke-hoach.pdf</a>' in html
    assert "Tệp đính kèm" in html
    download = client.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    stranger = login(org["chuyenvien_kh"])
    assert stranger.get(url).status_code == 404
    assert stranger.get(detail_url(submission)).status_code == 404


def test_a_form_limited_to_other_units_answers_403_in_vietnamese(org):
    limited = generic_form(open_to_all=False)
    limited.allowed_units.add(org["kh"])
    limited.save_revision().publish()

    response = login(org["chuyenvien"]).get(limited.url)

    assert response.status_code == 403
    assert "Bạn không thuộc đối tượng được nộp biểu mẫu này" in text(response)
    assert limited.url not in text(login(org["chuyenvien"]).get(reverse("forms:index")))


def test_my_submissions_lists_status_date_and_filters(org, form):
    submission = submit(form, org["chuyenvien"])
    client = login(org["chuyenvien"])

    html = text(client.get(reverse("forms:my_submissions")))
    assert "<h1>Đơn của tôi</h1>" in html
    assert f'<a href="{detail_url(submission)}">{submission.title}</a>' in html
    assert '<span class="badge badge-pending">Đang xử lý</span>' in html
    assert submission.created_at.astimezone().strftime("%d/%m/%Y") in html
    assert '<th scope="col">Trạng thái</th>' in html
    assert 'aria-current="page"' in html

    filtered = text(client.get(reverse("forms:my_submissions"), {"status": "approved"}))
    assert submission.title not in filtered
    assert "Không có đơn nào ở trạng thái đã chọn." in filtered
    assert '<option value="approved" selected>' in filtered


def test_my_submissions_empty_state(org, form):
    html = text(login(org["chuyenvien_kh"]).get(reverse("forms:my_submissions")))
    assert "Bạn chưa nộp đơn nào." in html


def test_requester_withdraws(org, form):
    submission = submit(form, org["chuyenvien"])
    client = login(org["chuyenvien"])
    assert "Rút đơn" in text(client.get(detail_url(submission)))

    response = client.post(reverse("forms:withdraw", args=[submission.pk]), follow=True)

    submission.refresh_from_db()
    assert submission.status == Submission.Status.WITHDRAWN
    html = text(response)
    assert "Đã rút đơn." in html
    assert '<span class="badge badge-withdrawn">Đã rút</span>' in html
    assert reverse("forms:withdraw", args=[submission.pk]) not in html
    assert not submission.steps.filter(state=State.ACTIVE).exists()


def test_someone_else_cannot_withdraw(org, form):
    submission = submit(form, org["chuyenvien"])

    response = login(org["chuyenvien_kh"]).post(reverse("forms:withdraw", args=[submission.pk]))

    assert response.status_code == 404
    submission.refresh_from_db()
    assert submission.status == Submission.Status.PENDING


def test_returned_submission_is_resubmitted_and_the_chain_restarts(org, form):
    submission = submit(form, org["chuyenvien"], text="Đề nghị lần đầu")
    first = submission.steps.get(order=1)
    task_decide(step=first, user=org["truongphong"], decision="return", comment="Ghi rõ số lượng.")
    client = login(org["chuyenvien"])

    detail = text(client.get(detail_url(submission)))
    assert "Đơn được trả lại để bổ sung" in detail and "Ghi rõ số lượng." in detail
    assert reverse("forms:resubmit", args=[submission.pk]) in detail

    page = text(client.get(reverse("forms:resubmit", args=[submission.pk])))
    assert "<h1>Sửa và nộp lại</h1>" in page
    assert "Lý do trả lại" in page and "Ghi rõ số lượng." in page
    assert "Đề nghị lần đầu</textarea>" in page

    response = client.post(
        reverse("forms:resubmit", args=[submission.pk]),
        {content_name(form): "Đề nghị 5 ram giấy A4"},
        follow=True,
    )

    submission.refresh_from_db()
    assert (submission.status, submission.round) == (Submission.Status.PENDING, 2)
    active = submission.steps.get(round=2, state=State.ACTIVE)
    assert (active.order, active.approver) == (1, org["truongphong"])
    html = text(response)
    assert "Đã nộp lại đơn." in html
    assert "Lần nộp 1" in html and "Lần nộp 2" in html
    assert "Nộp lại" in html and "Đề nghị 5 ram giấy A4" in html


def test_resubmit_keeps_the_attachment_when_no_new_file_is_given(org, form):
    pdf = SimpleUploadedFile("ke-hoach.pdf", PDF, content_type="application/pdf")
    client = login(org["chuyenvien"])
    client.post(
        form.url,
        {content_name(form): "Đề nghị", names(form)["Tệp kèm theo"]: pdf, "submission_token": "e"},
    )
    submission = Submission.objects.get()
    task_decide(
        step=submission.steps.get(order=1),
        user=org["truongphong"],
        decision="return",
        comment="Bổ sung",
    )

    page = text(client.get(reverse("forms:resubmit", args=[submission.pk])))
    assert "Đã có tệp «ke-hoach.pdf»" in page

    client.post(reverse("forms:resubmit", args=[submission.pk]), {content_name(form): "Đã sửa"})

    submission.refresh_from_db()
    assert submission.round == 2
    assert submission.data[names(form)["Tệp kèm theo"]]["name"] == "ke-hoach.pdf"


def test_only_the_requester_opens_the_resubmit_page(org, form):
    submission = submit(form, org["chuyenvien"])
    client = login(org["truongphong"], mfa=True)

    assert client.get(reverse("forms:resubmit", args=[submission.pk])).status_code == 404
