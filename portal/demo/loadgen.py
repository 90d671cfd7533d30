"""A large, realistic data set for load tests: ``manage.py generate_load_data``.

On top of the demo organisation (``demo_data_load``) it adds generated centres and staff
(``loadgen_org``) and then submissions of every form kind spread over three years. Each
submission's data comes from the real form (``build_form`` validated once per kind, then its
dates moved by whole weeks), its chain from the real policy engine (cached per requester unit,
position and sample), and its rows — ``Submission``, ``ApprovalStep``, ``SubmissionEvent``,
Viewflow ``Process``/``Task`` with their ``previous`` links, the assignment notices — are
written in bulk with the values the services write (``loadgen_rows``). The newest
submissions with an opinion or decision step stay open: ``open_tasks`` of them.

Not generated: the modules' own records that receivers keep in step (leave ledger, overtime
entries, trips, documents), and leave cancellations (made from a granted leave, not a form).
"""

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from forms.fielddefs import build_form
from forms.models import ApprovalFormPage, Submission
from forms.policy.engine import policy_resolve_chain
from forms.services import _split, form_snapshot
from portal.accounts.models import User
from portal.calendar.services import add_working_days

from . import loadgen_rows
from .loadgen_org import PREFIX, approvers_mfa_ensure, load_org_ensure
from .services import demo_data_load

LEADERS = ["giamdoc", "phogiamdoc1", "phogiamdoc2", "giamdoc_tt", "phogiamdoc_tt"]
YEARS = 3
CHUNK = 2000
OPEN_TASKS = 20000
# Finished outcomes of the older submissions, by weight.
OUTCOMES = [("approved", 85), ("rejected", 5), ("withdrawn", 5), ("returned", 5)]


@dataclass
class Sample:
    page: ApprovalFormPage
    data: dict
    weight: int
    # Reports describe a trip that is over; every other form asks about days to come.
    past: bool = False


def default_open_tasks(submissions: int) -> int:
    return min(OPEN_TASKS, submissions // 10)


def _form_data(page, user, post: dict) -> dict:
    form = build_form(page, post, {}, user=user)
    if not form.is_valid():
        raise ValueError(f"Mẫu dữ liệu của «{page.title}» không hợp lệ: {form.errors.as_text()}")
    data, _files = _split(form.cleaned_data)
    return data


def _samples(user) -> list[Sample]:
    """One valid submission per case, built by the real forms for ``user``."""
    pages = {p.kind: p for p in ApprovalFormPage.objects.live().specific()}
    today = timezone.localdate()
    monday = today + datetime.timedelta(days=14 - today.weekday())
    iso = datetime.date.isoformat
    leave = {"leave_type": "annual", "start_session": "morning", "end_session": "afternoon"}
    leave["reason"] = "Giải quyết việc gia đình"
    trip = {"destination": "Hà Nội", "scope": "out_of_province"}
    trip["purpose"] = "Làm việc về chương trình xúc tiến thương mại"
    last_week = monday - datetime.timedelta(days=21)
    cases = [
        ("leave", 30, False, {**leave, "start_date": iso(monday), "end_date": iso(monday)}),
        (
            "leave",
            15,
            False,
            {
                **leave,
                "start_date": iso(monday),
                "end_date": iso(monday + datetime.timedelta(days=2)),
            },
        ),
        (
            "overtime",
            20,
            False,
            {
                "date": iso(monday + datetime.timedelta(days=1)),
                "start_time": "17:00",
                "end_time": "19:00",
                "location": "Phòng họp tầng 2",
                "tasks": "Hoàn thiện báo cáo quý",
            },
        ),
        (
            "trip",
            15,
            False,
            {
                **trip,
                "start_date": iso(monday + datetime.timedelta(days=1)),
                "end_date": iso(monday + datetime.timedelta(days=2)),
            },
        ),
        (
            "trip_report",
            8,
            True,
            {
                **trip,
                "trip": "",
                "results": "Đã làm việc với các doanh nghiệp, thống nhất kế hoạch phối hợp.",
                "start_date": iso(last_week + datetime.timedelta(days=1)),
                "end_date": iso(last_week + datetime.timedelta(days=2)),
            },
        ),
        ("generic", 12, False, {"noi_dung_de_nghi": "Đề nghị cấp văn phòng phẩm quý này."}),
    ]
    return [
        Sample(page=pages[kind], data=_form_data(pages[kind], user, post), weight=w, past=past)
        for kind, w, past, post in cases
        if kind in pages
    ]


def _shift(data: dict, weeks: int) -> dict:
    # Whole weeks keep every date on its weekday, so the working-day counts stay right.
    out = {}
    for key, value in data.items():
        if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
            try:
                day = datetime.date.fromisoformat(value)
            except ValueError:
                out[key] = value
                continue
            out[key] = (day + datetime.timedelta(weeks=weeks)).isoformat()
        else:
            out[key] = value
    return out


def generated_submissions():
    return Submission.objects.filter(requester__username__startswith=f"{PREFIX}-")


def load_data_generate(
    *,
    staff: int,
    submissions: int,
    open_tasks: int | None = None,
    seed: int = 0,
    reset: bool = False,
    demo_content: bool = True,
    progress: Callable[[str], None] = print,
) -> dict:
    """Build the load data set (nothing new when it exists at this size); return its counts.

    ``demo_content`` off skips the demo's public pages (công khai, quy chế), for tests."""
    if open_tasks is None:
        open_tasks = default_open_tasks(submissions)
    open_tasks = min(open_tasks, submissions)
    if reset:
        progress("Xóa dữ liệu tải đã tạo…")
        loadgen_rows.generated_rows_delete(generated_submissions())
    existing = generated_submissions().count()
    if existing and existing != submissions:
        raise ValueError(
            f"Đã có {existing} đơn tạo sẵn; chạy lại với --reset để tạo {submissions} đơn."
        )
    progress("Nạp tổ chức mẫu…")
    demo_data_load(password=settings.DEMO_PASSWORD, content=demo_content)
    progress(f"Tạo {staff} cán bộ…")
    with transaction.atomic():
        org = load_org_ensure(staff=staff, password=settings.DEMO_PASSWORD, seed=seed)
    # The demo's leaders approve the generated centres' requests too.
    leaders = list(User.objects.filter(username__in=LEADERS))
    approvers_mfa_ensure(users=org.approvers + leaders)
    if existing:
        progress(f"Đã có đủ {existing} đơn, không tạo thêm.")
        return {"submissions": existing, "open_tasks": loadgen_rows.open_task_count()}

    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    members = [m for m in org.members if m.position.level == "member"] or org.members
    samples = _samples(members[0].user)
    snapshots = {s.page.pk: form_snapshot(s.page) for s in samples}
    weights = [s.weight for s in samples]
    now = timezone.now()
    span = datetime.timedelta(days=365 * YEARS)
    created = sorted(now - span * rng.random() ** 0.9 for _ in range(submissions))

    # Newest first: the open tasks are the most recent submissions that have one to open.
    chains: dict[tuple, object] = {}
    plans: list[loadgen_rows.Plan] = []
    open_left = open_tasks
    for at in reversed(created):
        membership = rng.choice(members)
        sample = rng.choices(samples, weights)[0]
        key = (sample.page.pk, id(sample), membership.unit_id, membership.position_id)
        chain = chains.get(key)
        if chain is None:
            chain = chains[key] = policy_resolve_chain(
                policy=sample.page.approval_policy,
                requester=membership.user,
                values=sample.page.policy_values(sample.data),
                kind=sample.page.kind,
            )
        weeks = (timezone.localtime(at).date() - timezone.localdate()).days // 7
        data = _shift(sample.data, weeks)
        if chain.recorded:
            status = "recorded"
        elif open_left > 0:
            status, open_left = "pending", open_left - 1
        else:
            status = rng.choices([o for o, _w in OUTCOMES], [w for _o, w in OUTCOMES])[0]
        plans.append(
            loadgen_rows.Plan(
                page=sample.page,
                snapshot=snapshots[sample.page.pk],
                membership=membership,
                data=data,
                title=sample.page.submission_title(data=data, requester=membership.user)[:255],
                chain=chain,
                created_at=at,
                status=status,
                open_index=_open_index(chain, rng) if status == "pending" else 0,
            )
        )
    plans.reverse()
    done = 0
    for start in range(0, len(plans), CHUNK):
        with transaction.atomic():
            loadgen_rows.rows_write(plans[start : start + CHUNK], rng=rng, due=_due)
        done += len(plans[start : start + CHUNK])
        progress(f"  {done}/{submissions} đơn")
    _statistics_refresh()
    return {"submissions": submissions, "open_tasks": loadgen_rows.open_task_count()}


def _statistics_refresh() -> None:
    """ANALYZE after the bulk load, as after any restore: rows written with COPY leave the
    planner without statistics until autovacuum comes by, and meanwhile it picks plans for
    empty tables (the inbox took 28 ms instead of 2 for its page of tasks)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _open_index(chain, rng: random.Random) -> int:
    """Which opinion/decision step is open: mostly the first, sometimes a later one."""
    actions = sum(1 for s in chain.steps if s.kind != "notice")
    if actions <= 1 or rng.random() < 0.8:
        return 0
    return rng.randrange(1, actions)


def _due(start: datetime.date, days: int) -> datetime.date:
    return add_working_days(start=start, days=days)
