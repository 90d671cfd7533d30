"""The bench's scenarios, built against the bench database (run inside Django).

``python -m bench.scenarios setup OUT.json`` picks the scenario objects (the busiest approver,
the staff member with most submissions, the open tasks to decide, public pages), logs the
people in honestly — a session as allauth leaves it after password + TOTP: the auth keys,
the session hash and the authentication records, ``mfa`` included — and writes what the load
driver needs. ``python -m bench.scenarios queries IN.json OUT.json`` sends one request per
scenario with Django's test ``Client`` on the same database and counts its SQL queries.
"""

import datetime
import json
import sys
import time
import uuid

SCENARIOS = [
    "bare_django",
    "bare_wagtail",
    "inbox",
    "my_submissions",
    "form_page",
    "submit_leave",
    "decide_task",
    "disclosure_item",
    "regulation_page",
    "api_tasks",
]
BARE_PAGE_SLUG = "bench-trang-trong"
POOL = 4000


def _login(user) -> dict:
    """A session like the one the real login (password, then TOTP) leaves, with a CSRF secret."""
    from allauth.mfa.models import Authenticator
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore
    from django.middleware.csrf import _get_new_csrf_string

    now = time.time()
    records = [{"method": "password", "at": now, "username": user.username}]
    authenticator = Authenticator.objects.filter(user=user, type="totp").first()
    if authenticator is not None:
        records.append({"method": "mfa", "at": now, "id": authenticator.pk, "type": "totp"})
    store = SessionStore()
    store.update(
        {
            "_auth_user_id": str(user.pk),
            "_auth_user_backend": settings.AUTHENTICATION_BACKENDS[0],
            "_auth_user_hash": user.get_session_auth_hash(),
            "account_authentication_methods": records,
            "account_authentication_methods_user": str(user.pk),
        }
    )
    store.create()
    return {"session": store.session_key, "csrf": _get_new_csrf_string()}


def _bare_page() -> str:
    from wagtail.models import Page

    from portal.home.models import HomePage

    home = HomePage.objects.first()
    page = Page.objects.child_of(home).filter(slug=BARE_PAGE_SLUG).first()
    if page is None:
        page = home.add_child(instance=Page(title="Trang trống", slug=BARE_PAGE_SLUG))
        page.save_revision().publish()
    return page.url


def setup() -> dict:
    from django.db.models import Count

    from forms.leave.models import LeaveFormPage
    from forms.models import ApprovalStep, Submission
    from portal.accounts.models import User
    from portal.accounts.services import api_token_issue
    from portal.disclosure.models import DisclosureItemPage
    from portal.regulations.models import RegulationPage

    open_steps = ApprovalStep.objects.filter(state="active", kind__in=["opinion", "decision"])
    busiest = (
        open_steps.filter(approver__isnull=False)
        .values("approver")
        .annotate(n=Count("pk"))
        .order_by("-n", "approver")
        .first()
    )
    approver = User.objects.get(pk=busiest["approver"])
    top = (
        Submission.objects.values("requester")
        .annotate(n=Count("pk"))
        .order_by("-n", "requester")
        .first()
    )
    requester = User.objects.get(pk=top["requester"])
    leave = LeaveFormPage.objects.live().first()
    _token, raw = api_token_issue(user=approver, days=1, name="bench")
    staff = list(
        User.objects.filter(
            username__startswith="lg-", memberships__position__level="member"
        ).order_by("pk")[:POOL]
    )
    # Far enough ahead that no generated leave overlaps; every request is another person.
    start = datetime.date.today() + datetime.timedelta(days=63)
    start -= datetime.timedelta(days=start.weekday())
    submit_pool = [{**_login(u), "date": start.isoformat()} for u in staff]
    sessions: dict[int, dict] = {}
    decide_pool = []
    # The same kind of decision every time (a leave's first opinion, which moves the chain on)
    # so that the query count compares like with like at both data sizes.
    same_kind = open_steps.filter(
        approver__isnull=False,
        acting__isnull=True,
        kind=ApprovalStep.Kind.OPINION,
        order=1,
        submission__kind="leave",
    )
    for step in same_kind.order_by("-pk")[:POOL]:
        if step.approver_id not in sessions:
            sessions[step.approver_id] = _login(step.approver)
        decide_pool.append(
            {**sessions[step.approver_id], "path": f"/viec-can-xu-ly/viec/{step.pk}/"}
        )
    approver_login = _login(approver)
    requester_login = _login(requester)
    return {
        "busy_approver": {"username": approver.username, "open_tasks": busiest["n"]},
        "busy_requester": {"username": requester.username, "submissions": top["n"]},
        "scenarios": {
            "bare_django": {"path": "/bench/bare-django/"},
            "bare_wagtail": {"path": _bare_page()},
            "inbox": {"path": "/viec-can-xu-ly/", **approver_login},
            "my_submissions": {"path": "/bieu-mau/don-cua-toi/", **requester_login},
            "form_page": {"path": leave.url, **requester_login},
            "submit_leave": {"path": leave.url, "method": "POST", "pool": submit_pool},
            "decide_task": {"method": "POST", "pool": decide_pool},
            "disclosure_item": {
                "path": DisclosureItemPage.objects.live().public().order_by("pk").first().url
            },
            "regulation_page": {
                "path": RegulationPage.objects.live().public().order_by("pk").first().url
            },
            "api_tasks": {"path": "/api/v1/tasks/", "bearer": raw},
        },
    }


def request_for(name: str, spec: dict, item: dict | None) -> tuple[str, str, dict, dict]:
    """(method, path, form data, cookies/headers) of one request; shared with the locustfile."""
    item = item or spec
    path = item.get("path") or spec.get("path")
    cookies = {"sessionid": item["session"], "csrftoken": item["csrf"]} if "session" in item else {}
    data: dict = {}
    if name == "submit_leave":
        data = {
            "leave_type": "annual",
            "start_date": item["date"],
            "end_date": item["date"],
            "start_session": "morning",
            "end_session": "afternoon",
            "reason": "Giải quyết việc gia đình",
            "submission_token": uuid.uuid4().hex,
        }
    elif name == "decide_task":
        data = {"decision": "approve", "comment": ""}
    if data:
        data["csrfmiddlewaretoken"] = item["csrf"]
    headers = {"Authorization": f"Bearer {spec['bearer']}"} if "bearer" in spec else {}
    return spec.get("method", "GET"), path, data, {"cookies": cookies, "headers": headers}


def _send(name: str, spec: dict, item: dict | None):
    from django.test import Client

    method, path, data, extra = request_for(name, spec, item)
    client = Client(HTTP_HOST="127.0.0.1")
    for key, value in extra["cookies"].items():
        client.cookies[key] = value
    headers = {f"HTTP_{k.upper()}": v for k, v in extra["headers"].items()}
    if method == "POST":
        return client.post(path, data, **headers)
    return client.get(path, **headers)


def queries(setup_data: dict) -> dict:
    """SQL queries of one request per scenario, after one warm-up request (caches filled).

    Writes use the last two pool items, the load driver the others."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for name in SCENARIOS:
        spec = setup_data["scenarios"][name]
        pool = spec.get("pool") or [None, None]
        _send(name, spec, pool[-1])
        with CaptureQueriesContext(connection) as ctx:
            response = _send(name, spec, pool[-2])
        counts[name] = {
            "queries": len(ctx.captured_queries),
            "status": response.status_code,
            # The statements themselves, to tell a data-size effect from a person's situation.
            "sql": [q["sql"][:300] for q in ctx.captured_queries],
        }
    return counts


def main(argv: list[str]) -> None:
    import django

    django.setup()
    command = argv[1]
    if command == "setup":
        result = setup()
        out = argv[2]
    else:
        with open(argv[2], encoding="utf-8") as fh:
            result = queries(json.load(fh))
        out = argv[3]
    with open(out, "w", encoding="utf-8") as fh:
        json.dump(result, fh, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main(sys.argv)
