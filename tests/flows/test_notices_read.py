import pytest

from flows.services import task_decide
from forms.services import submission_create
from portal.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_deciding_a_task_marks_its_assignment_notice_read(org, leave_form):
    submission = submission_create(
        page=leave_form, requester=org["chuyenvien"], cleaned_data={"days": 2}
    )
    step = submission.steps.get(state="active")
    notice = Notification.objects.get(user=org["truongphong"], verb="assigned")
    assert notice.read_at is None
    task_decide(step=step, user=org["truongphong"], decision="approve")
    notice.refresh_from_db()
    assert notice.read_at is not None
    # The next approver's notice is still unread.
    assert Notification.objects.get(user=org["pgd1"], verb="assigned").read_at is None
