"""The authorization matrix's machinery: every URL pattern, its rule, a URL to request and
the outcome of a request, in words a rule can state ("login", "403", "csrf"…)."""

import logging
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver

ROLES = ("anon", "staff", "head", "pgd", "gd", "vp", "bv", "admin")
USERNAMES = {
    "staff": "chuyenvien_cn",
    "head": "truongphong_cn",
    "pgd": "phogiamdoc1",
    "gd": "giamdoc",
    "vp": "chanhvanphong",
    "bv": "baove",
    "admin": "admin",
}
LOGIN_PATH = "/accounts/login/"
# Filler for parameters of views whose rule only needs "some value" (Wagtail's own admin).
DEFAULTS = {
    "int": "1",
    "str": "x",
    "slug": "x",
    "path": "x",
    "uuid": "0" * 8 + "-0000-0000-0000-" + "0" * 12,
}
_ROUTE_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")
_REGEX_PARAM = re.compile(r"\(\?P<(\w+)>[^()]*\)")


@dataclass(frozen=True)
class Endpoint:
    route: str  # the pattern as written, prefixes included: "bieu-mau/don/<int:pk>/"
    name: str | None  # "forms:submission_detail", None for unnamed patterns
    module: str  # where the view lives, to tell Wagtail's own admin from the portal's

    @property
    def key(self) -> str:
        return self.name or self.route


def url_endpoints(resolver=None) -> list[Endpoint]:
    """Every pattern of the URL conf, includes walked, in resolution order."""
    found: list[Endpoint] = []

    def walk(node, prefix: str, namespaces: tuple[str, ...]):
        for item in node.url_patterns:
            if isinstance(item, URLResolver):
                spaces = namespaces + ((item.namespace,) if item.namespace else ())
                walk(item, prefix + str(item.pattern), spaces)
            elif isinstance(item, URLPattern):
                name = ":".join(namespaces + (item.name,)) if item.name else None
                view = getattr(item.callback, "view_class", None) or item.callback
                module = getattr(view, "__module__", "") or ""
                found.append(Endpoint(prefix + str(item.pattern), name, module))

    walk(resolver or get_resolver(), "", ())
    return found


def url_fill(route: str, values: dict[str, str]) -> str | None:
    """The route with its parameters replaced; None when it stays a regex (needs an explicit
    URL from the world)."""

    def named(match):
        conv, name = match.group(1) or "str", match.group(2)
        return str(values.get(name, DEFAULTS.get(conv, "x")))

    url = _ROUTE_PARAM.sub(named, route)
    url = _REGEX_PARAM.sub(lambda m: str(values.get(m.group(1), "1")), url)
    url = url.replace("^", "").replace("$", "").replace(r"\.", ".")
    if re.search(r"[()*+?\\\[\]|]", url):
        return None
    return "/" + url


@dataclass
class Rule:
    get: dict[str, frozenset[str]]
    post: dict[str, frozenset[str]] | None = None
    # Views exempt from CSRF on purpose (token-authenticated API, public feeds…).
    csrf_exempt: bool = False
    why: str = ""


def expect(spec: str) -> dict[str, frozenset[str]]:
    """ "anon:login staff,bv:403 *:200" → {role: {"login"}, …}; "*" covers the roles not named
    before it, "a|b" accepts either outcome."""
    result: dict[str, frozenset[str]] = {}
    for part in spec.split():
        roles, outcomes = part.split(":", 1)
        wanted = frozenset(outcomes.split("|"))
        names = [r for r in ROLES if r not in result] if roles == "*" else roles.split(",")
        for role in names:
            assert role in ROLES, f"unknown role {role!r} in {spec!r}"
            result[role] = wanted
    missing = set(ROLES) - set(result)
    assert not missing, f"{spec!r} says nothing for {sorted(missing)}"
    return result


def rule(get: str, post: str | None = None, *, csrf_exempt: bool = False, why: str = "") -> Rule:
    return Rule(expect(get), expect(post) if post else None, csrf_exempt, why)


@dataclass
class Group:
    """A rule for a family of third-party URLs (Wagtail's own admin), recognised by route
    prefix and the package the view comes from, so a portal view under /admin/ never
    falls into it."""

    prefix: str
    modules: tuple[str, ...]
    rule: Rule
    suffix: str = ""

    def covers(self, endpoint: Endpoint) -> bool:
        return (
            endpoint.route.startswith(self.prefix)
            and endpoint.module.startswith(self.modules)
            and (endpoint.name or "").endswith(self.suffix)
        )


@dataclass
class Matrix:
    cases: list[tuple[Endpoint, Rule]] = field(default_factory=list)
    missing: list[Endpoint] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)


def matrix_build(endpoints, rules: dict[str, Rule], groups: list[Group]) -> Matrix:
    matrix = Matrix()
    used: set[str] = set()
    for endpoint in endpoints:
        found = rules.get(endpoint.name or "") or rules.get(endpoint.route)
        if found is not None:
            used.add(endpoint.name if endpoint.name in rules else endpoint.route)
        else:
            found = next((g.rule for g in groups if g.covers(endpoint)), None)
        if found is None:
            matrix.missing.append(endpoint)
        else:
            matrix.cases.append((endpoint, found))
    matrix.stale = sorted(set(rules) - used - {k for k in rules if k.startswith("probe:")})
    return matrix


def missing_message(missing: list[Endpoint]) -> str:
    lines = [f"  {e.key!r}  ({e.route}, view in {e.module})" for e in missing]
    return (
        "These URL patterns have no rule in tests/security/matrix_rules.py. Add a rule saying "
        "what each role must get (e.g. rule('anon:login staff:403 *:200')), after reading the "
        "view's permission checks:\n" + "\n".join(lines)
    )


def outcome(response, *, csrf_rejected: bool) -> str:
    if csrf_rejected:
        return "csrf"
    code = response.status_code
    if code in (301, 302, 303, 307, 308):
        location = response.get("Location", "").split("?")[0]
        if location.endswith(LOGIN_PATH):
            return "login"
        # Wagtail's way of saying 403 inside its admin: back to the dashboard with a message.
        return "denied" if location in ("/admin/", "http://testserver/admin/") else "302"
    return str(code)


class CsrfRejections(logging.Handler):
    """Counts the CSRF middleware's rejections, which say "csrf" more surely than a 403."""

    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.count = 0

    def emit(self, record):
        self.count += 1


CSRF_TOKEN = "k" * 32  # an unmasked secret: accepted as both cookie and header value


@dataclass
class Result:
    key: str
    method: str
    url: str
    role: str
    got: str
    wanted: frozenset[str]

    @property
    def ok(self) -> bool:
        return self.got in self.wanted


def request_once(client, method: str, url: str, csrf: CsrfRejections, *, token: bool) -> str:
    """One request in a savepoint that is rolled back, cookies restored: a withdrawal or a
    logout tried by one role must not change what the next one sees."""
    cookies = client.cookies.__class__()
    cookies.update(client.cookies)
    before = csrf.count
    sid = transaction.savepoint()
    try:
        if method == "GET":
            response = client.get(url)
        else:
            extra = {"HTTP_X_CSRFTOKEN": CSRF_TOKEN} if token else {}
            if token:
                client.cookies[settings.CSRF_COOKIE_NAME] = CSRF_TOKEN
            response = client.post(url, **extra)
    finally:
        transaction.savepoint_rollback(sid)
        client.cookies = cookies
    return outcome(response, csrf_rejected=csrf.count > before)
