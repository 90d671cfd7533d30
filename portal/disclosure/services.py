"""Changes: default categories, “Tôi đã đọc”, and the moderation set-up."""

from django.contrib.auth.models import Group, Permission
from django.db import IntegrityError, transaction
from django.utils import timezone

from .defaults import DEFAULT_CATEGORIES

EDITOR_GROUP = "Biên tập công khai"
WORKFLOW_NAME = "Duyệt công khai"
TASK_NAME = "Văn phòng hoặc trưởng đơn vị duyệt"


def disclosure_categories_ensure() -> int:
    """Creates the default categories that are missing (by code); never renames. Returns
    how many were created."""
    from .models import DisclosureCategory

    created = 0
    for order, (code, name) in enumerate(DEFAULT_CATEGORIES, start=1):
        _obj, made = DisclosureCategory.objects.get_or_create(
            code=code, defaults={"name": name, "order": order * 10}
        )
        created += made
    return created


def acknowledgement_record(*, page, user):
    """Idempotent: the first “Tôi đã đọc” is kept, later clicks change nothing."""
    from .models import Acknowledgement

    existing = Acknowledgement.objects.filter(page=page, user=user).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            return Acknowledgement.objects.create(
                page=page, user=user, read_at=timezone.now()
            ), True
    except IntegrityError:  # two clicks at once
        return Acknowledgement.objects.get(page=page, user=user), False


def _perm(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _page_perms(group: Group, page, codenames: list[str]) -> None:
    from wagtail.models import GroupPagePermission

    for codename in codenames:
        GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=_perm("wagtailcore", codename)
        )


def _collection_perms(group: Group, collections, codenames: list[str]) -> None:
    from wagtail.models import GroupCollectionPermission

    for collection in collections:
        for codename in codenames:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=_perm("wagtaildocs", codename)
            )


@transaction.atomic
def disclosure_moderation_ensure() -> dict:
    """The editor group, its permissions on every board, and the workflow "Duyệt công khai"
    assigned to every board. Idempotent; run after migrate, on a new board and by the demo."""
    from wagtail.models import Workflow, WorkflowPage, WorkflowTask

    from portal.org import roles

    from .audience import internal_collection, public_collection
    from .models import DisclosureIndexPage
    from .workflow import DisclosureApprovalTask

    editors, _ = Group.objects.get_or_create(name=EDITOR_GROUP)
    editors.permissions.add(_perm("wagtailadmin", "access_admin"))
    office, _ = Group.objects.get_or_create(name=roles.GROUP_NAMES[roles.OFFICE])
    office.permissions.add(_perm("wagtailadmin", "access_admin"))
    collections = [public_collection(), internal_collection()]
    _collection_perms(editors, collections, ["add_document", "choose_document"])
    _collection_perms(office, collections, ["add_document", "change_document", "choose_document"])

    task = DisclosureApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = DisclosureApprovalTask.objects.create(name=TASK_NAME)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})

    boards = list(DisclosureIndexPage.objects.all())
    for board in boards:
        # Editors draft and submit; publishing goes through the workflow.
        _page_perms(editors, board, ["add_page", "change_page"])
        _page_perms(office, board, ["add_page", "change_page", "publish_page"])
        WorkflowPage.objects.update_or_create(page=board, defaults={"workflow": workflow})
    return {"editors": editors, "workflow": workflow, "task": task, "boards": boards}
