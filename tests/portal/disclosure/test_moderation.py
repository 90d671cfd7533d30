"""Moderation: an editor drafts and submits; Văn phòng or the head of his unit approves."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Workflow

from portal.disclosure.models import Audience, DisclosureItemPage
from portal.disclosure.services import EDITOR_GROUP, WORKFLOW_NAME, disclosure_moderation_ensure
from portal.org import roles
from tests.factories import add_to_role

from .conftest import category

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(board, org):
    disclosure_moderation_ensure()
    editors = Group.objects.get(name=EDITOR_GROUP)
    for username in ("vienchuc", "truongphong"):
        org[username].groups.add(editors)
    add_to_role(org["chanhvp"], roles.OFFICE)
    return {"editor": org["vienchuc"], "workflow": Workflow.objects.get(name=WORKFLOW_NAME)}


def _submit(board, editor) -> DisclosureItemPage:
    item = DisclosureItemPage(
        title="Công khai kết quả thi đua năm 2026",
        live=False,
        category=category("to-chuc-can-bo"),
        summary="Danh sách khen thưởng.",
        audience=Audience.PUBLIC,
        owner=editor,
    )
    board.add_child(instance=item)
    item.save_revision(user=editor)
    board.get_workflow().start(item, editor)
    item.refresh_from_db()
    return item


def _approve_url(item):
    state = item.current_workflow_task_state
    return reverse("wagtailadmin_pages:workflow_action", args=[item.pk, "approve", state.pk])


def test_ensure_is_idempotent_and_assigns_the_workflow_to_the_board(board, setup):
    again = disclosure_moderation_ensure()
    assert again["workflow"] == setup["workflow"]
    assert board.get_workflow() == setup["workflow"]
    assert Workflow.objects.filter(name=WORKFLOW_NAME).count() == 1


def test_editors_may_add_and_edit_but_not_publish(board, setup):
    permissions = board.permissions_for_user(setup["editor"])
    assert permissions.can_add_subpage()
    assert permissions.can_edit()
    assert not permissions.can_publish_subpage()


def test_unrelated_staff_cannot_approve_and_the_office_can(board, setup, org, mfa_login, client):
    item = _submit(board, setup["editor"])
    assert item.workflow_in_progress and not item.live

    # A head of another unit, with admin access through the editor group, is refused.
    # (Wagtail's admin answers PermissionDenied with a redirect to its dashboard.)
    response = mfa_login(org["truongphong"]).post(_approve_url(item))
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    item.refresh_from_db()
    assert not item.live and item.workflow_in_progress

    client.logout()
    response = mfa_login(org["chanhvp"]).post(_approve_url(item))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.live and not item.workflow_in_progress
    client.logout()
    assert client.get(item.url).status_code == 200


def test_the_head_of_the_editors_unit_may_approve(board, setup, org):
    item = _submit(board, setup["editor"])
    task = item.current_workflow_task
    assert task.get_actions(item, org["giamdoc_tt"])  # head of the Trung tâm above his phòng
    assert not task.get_actions(item, org["truongphong"])
    assert not task.get_actions(item, org["chuyenvien"])
    assert not task.get_actions(item, setup["editor"])
    moderated = task.get_task_states_user_can_moderate(org["giamdoc_tt"])
    assert list(moderated) == [item.current_workflow_task_state]
    assert not task.get_task_states_user_can_moderate(org["truongphong"]).exists()


def test_editor_opens_the_admin_form_for_a_new_item(board, setup, mfa_login):
    client = mfa_login(setup["editor"])
    url = reverse("wagtailadmin_pages:add", args=["disclosure", "disclosureitempage", board.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "Thời hạn niêm yết" in response.text and "Tệp đính kèm" in response.text
