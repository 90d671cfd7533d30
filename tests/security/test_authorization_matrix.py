"""Every URL pattern × every demo role: the status each gets must be the one the rules table
(tests/security/matrix_rules.py) says, and a pattern without a rule fails the test."""

import logging
import os

import pytest
from django.test import Client
from django.urls import path

from tests.factories import login_with_mfa

from .matrix_rules import CHOSEN_WITHOUT_ROWS, GROUPS, RULES
from .matrix_walk import (
    ROLES,
    CsrfRejections,
    Endpoint,
    Result,
    matrix_build,
    missing_message,
    request_once,
    rule,
    url_endpoints,
    url_fill,
)
from .matrix_world import NOW, chooser_values, matrix_world


def _clients(users) -> dict[str, Client]:
    clients = {}
    for role in ROLES:
        client = Client(enforce_csrf_checks=True, raise_request_exception=False)
        if role != "anon":
            login_with_mfa(client, users[role])
        clients[role] = client
    return clients


def _table(results: list[Result]) -> str:
    width = max(len(r.key) for r in results)
    lines = [f"{'rule':<{width}}  method role   got    wanted  url"]
    for r in results:
        wanted = "|".join(sorted(r.wanted))
        lines.append(f"{r.key:<{width}}  {r.method:<6} {r.role:<6} {r.got:<6} {wanted:<7} {r.url}")
    return "\n".join(lines)


@pytest.mark.django_db
def test_every_url_answers_each_role_as_its_rule_says(time_machine):
    time_machine.move_to(NOW, tick=False)
    matrix = matrix_build(url_endpoints(), RULES, GROUPS)
    assert not matrix.missing, missing_message(matrix.missing)
    assert not matrix.stale, f"Rules for URL names or routes that no longer exist: {matrix.stale}"

    world = matrix_world()
    chosen = chooser_values(e for e, _rule in matrix.cases)
    world["values"].update(chosen)
    clients = _clients(world["users"])
    cases = [
        (e, CHOSEN_WITHOUT_ROWS if _chooser(e) and e.name not in chosen else wanted)
        for e, wanted in matrix.cases
    ]
    for key, url in world["probes"].items():
        cases.append((Endpoint(url, key, "probe"), RULES[key]))

    csrf = CsrfRejections()
    logger = logging.getLogger("django.security.csrf")
    logger.addHandler(csrf)
    results: list[Result] = []
    try:
        for endpoint, wanted in cases:
            url = world["probes"].get(endpoint.key) or world["urls"].get(endpoint.key)
            url = url or url_fill(endpoint.route, world["values"].get(endpoint.key, {}))
            assert url, f"{endpoint.key}: a regex route needs an explicit URL in matrix_world"
            for role in ROLES:
                got = request_once(clients[role], "GET", url, csrf, token=True)
                results.append(Result(endpoint.key, "GET", url, role, got, wanted.get[role]))
                if wanted.post:
                    got = request_once(clients[role], "POST", url, csrf, token=True)
                    results.append(Result(endpoint.key, "POST", url, role, got, wanted.post[role]))
            if endpoint.module != "probe" and not wanted.csrf_exempt and not _wagtail(endpoint):
                # Without the token, a logged-in browser's POST must never reach a view.
                got = request_once(clients["staff"], "POST", url, csrf, token=False)
                results.append(Result(endpoint.key, "POST-no-token", url, "staff", got, {"csrf"}))
    finally:
        logger.removeHandler(csrf)

    dump = os.environ.get("MATRIX_DUMP")
    if dump:
        with open(dump, "w") as out:
            out.write(_table(results))
    wrong = [r for r in results if not r.ok]
    assert not wrong, f"{len(wrong)} answers differ from the rules:\n" + _table(wrong)


def _chooser(endpoint: Endpoint) -> bool:
    return _wagtail(endpoint) and (endpoint.name or "").endswith(":chosen")


def _wagtail(endpoint: Endpoint) -> bool:
    return endpoint.module.startswith("wagtail.") and endpoint.route.startswith("admin/")


def test_a_pattern_without_a_rule_fails_the_matrix_with_a_hint():
    extra = Endpoint("bieu-mau/moi/<int:pk>/", "forms:brand_new", "forms.views")
    matrix = matrix_build([*url_endpoints(), extra], RULES, GROUPS)

    assert matrix.missing == [extra]
    assert "forms:brand_new" in missing_message(matrix.missing)
    assert "matrix_rules.py" in missing_message(matrix.missing)


def test_a_portal_view_under_admin_is_not_covered_by_the_wagtail_group_rule():
    sneaky = Endpoint("admin/bang-luong/", "payroll_export", "portal.payroll.admin_views")

    assert matrix_build([sneaky], RULES, GROUPS).missing == [sneaky]


def test_a_rule_for_a_url_that_no_longer_exists_is_reported():
    rules = {**RULES, "forms:removed_long_ago": rule("*:404")}

    assert matrix_build(url_endpoints(), rules, GROUPS).stale == ["forms:removed_long_ago"]


def test_a_resolver_is_walked_into_its_includes():
    from django.urls import URLResolver, include
    from django.urls.resolvers import RegexPattern

    def view(request):
        raise AssertionError("never requested")

    inner = ([path("<int:pk>/", view, name="detail")], "extra")
    resolver = URLResolver(RegexPattern(r"^/"), [path("them/", include(inner))])

    assert [(e.route, e.name) for e in url_endpoints(resolver)] == [
        ("them/<int:pk>/", "extra:detail")
    ]
