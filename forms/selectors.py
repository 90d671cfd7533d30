"""Who may submit which form and see which submission."""

import datetime

from django.db.models import Prefetch, Q, QuerySet
from django.utils import formats, timezone

from portal.accounts.models import User
from portal.org.selectors import active_memberships

from .models import ApprovalFormPage, ApprovalStep, Submission


def _submit_scope(user: User) -> list[tuple[set[int], int]]:
    """For each active membership: the pks of its unit and the units above, and the position."""
    return [
        ({u.pk for u in m.unit.ancestors(include_self=True)}, m.position_id)
        for m in active_memberships(user=user)
    ]


def _page_allows(page: ApprovalFormPage, scope: list[tuple[set[int], int]]) -> bool:
    if page.open_to_all:
        return True
    units = set(page.allowed_units.values_list("pk", flat=True))
    positions = set(page.allowed_positions.values_list("pk", flat=True))
    return any(
        (not units or units & lineage) and (not positions or position in positions)
        for lineage, position in scope
    )


def user_may_submit(*, user: User, page: ApprovalFormPage) -> bool:
    if not user.is_authenticated:
        return False
    return page.open_to_all or _page_allows(page, _submit_scope(user))


def forms_for_user(*, user: User) -> list[ApprovalFormPage]:
    """The live forms this person may submit, in the order of the page tree."""
    if not user.is_authenticated:
        return []
    pages = ApprovalFormPage.objects.live().specific().order_by("path")
    scope = _submit_scope(user)  # once, not once per form
    return [page for page in pages if _page_allows(page, scope)]


def submissions_visible_to(*, user: User) -> QuerySet[Submission]:
    """The requester's own, those with a step for the user, forms granting their groups, and
    overtime the user takes part in (he confirms his actual hours on its page)."""
    if not user.is_authenticated:
        return Submission.objects.none()
    groups = user.groups.all()
    return Submission.objects.filter(
        Q(requester=user)
        | Q(steps__approver=user)
        | Q(steps__acting=user)
        | Q(steps__decided_by=user)
        | Q(steps__group__in=groups)
        | Q(form_page__viewer_groups__in=groups)
        | Q(overtime_entries__user=user)
    ).distinct()


def submission_visible_to(*, user: User, submission: Submission) -> bool:
    return submissions_visible_to(user=user).filter(pk=submission.pk).exists()


# What a list of submissions never shows: the answers and the field snapshot (JSON decoded per
# row), and the form page's policy and texts.
LIST_DEFERRED = ("data", "form_snapshot")
FORM_PAGE_TEXTS = ("approval_policy", "intro", "thank_you_text")


def form_pages_prefetch(lookup: str) -> Prefetch:
    """The form pages behind a list: a person meets a handful of forms, so each page is built
    once per list rather than joined and built once per row (Wagtail pages are costly)."""
    return Prefetch(lookup, queryset=ApprovalFormPage.objects.defer(*FORM_PAGE_TEXTS))


def my_submissions(*, user: User, status: str | None = None) -> QuerySet[Submission]:
    qs = (
        Submission.objects.filter(requester=user)
        .defer(*LIST_DEFERRED)
        .prefetch_related(form_pages_prefetch("form_page"))
    )
    return qs.filter(status=status) if status else qs


def _display_value(kind: str, value):
    """A stored value made readable: ISO dates back to dates, lists joined."""
    if value in (None, "", []):
        return None
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if kind == "number" and isinstance(value, int | float) and not isinstance(value, bool):
        # 12000000 reads as 12.000.000 in Vietnamese.
        return formats.number_format(value, force_grouping=True)
    if isinstance(value, str) and kind == "date":
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, str) and kind == "datetime":
        try:
            moment = datetime.datetime.fromisoformat(value)
        except ValueError:
            return value
        return _local(moment)
    return value


def _local(moment: datetime.datetime) -> datetime.datetime:
    """A stored instant in the current time zone, so the template has nothing to convert:
    converting 01/01/0001 00:00 (+07:06 then) goes through UTC, before year 1 (OverflowError)."""
    zone = timezone.get_current_timezone()
    if timezone.is_naive(moment):
        return moment.replace(tzinfo=zone)
    try:
        return moment.astimezone(zone)
    except OverflowError:
        return moment.replace(tzinfo=zone)  # stored in local time: the same wall clock


def _people_names(value):
    usernames = value if isinstance(value, list) else [value]
    names = {
        u.username: u.get_full_name() or u.username
        for u in User.objects.filter(username__in=[v for v in usernames if isinstance(v, str)])
    }
    shown = [names.get(v, v) for v in usernames]
    return shown if isinstance(value, list) else shown[0]


def submission_fields(*, submission: Submission) -> list[dict]:
    """The submitted values, labelled as the form was when it was submitted (form_snapshot).

    Each row: ``label``, ``type``, ``value`` (None when empty) and ``attachment`` (the pk of
    an attached file, whose ``value`` is then its original name).
    """
    rows = []
    for spec in submission.form_snapshot or []:
        name = spec.get("name", "")
        kind = spec.get("type", "")
        value = submission.data.get(name)
        row = {"name": name, "label": spec.get("label") or name, "type": kind, "attachment": None}
        if isinstance(value, dict) and "attachment" in value:
            row.update(attachment=value["attachment"], value=value.get("name") or "")
        elif spec.get("people") and value:
            row["value"] = _display_value(kind, _people_names(value))
        else:
            labels = spec.get("choice_labels") or {}
            if labels and isinstance(value, str | list):
                value = (
                    [labels.get(v, v) for v in value]
                    if isinstance(value, list)
                    else (labels.get(value, value))
                )
            row["value"] = _display_value(kind, value)
        rows.append(row)
    return rows


def submission_return_step(*, submission: Submission) -> ApprovalStep | None:
    """The step that sent the current round back to the requester, if it was returned."""
    return (
        submission.steps.filter(round=submission.round, decision=ApprovalStep.Decision.RETURNED)
        .select_related("decided_by", "approver")
        .order_by("-decided_at", "-pk")
        .first()
    )
