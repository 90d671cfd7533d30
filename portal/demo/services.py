"""Loads the demo organisation, accounts, home page and form pages; safe to run again.

Every step looks records up by a stable key (username, unit code, position code, the one
HomePage) and brings them to the state described in ``data.py``. Passwords are set only for
accounts created by this run, so a re-run never locks out someone who changed theirs, and MFA
devices are never touched.
"""

from typing import TypedDict

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import Locale, Page, Site

from forms.leave.defaults import leave_types_ensure
from portal.accounts.models import User
from portal.calendar.defaults import office_hours_seasons_ensure
from portal.disclosure.demo import disclosure_demo_ensure
from portal.documents.signing.services import ca_ensure
from portal.home.models import HomePage
from portal.org.models import Membership, Position, Unit
from portal.org.services import positions_ensure_defaults, role_groups_ensure
from portal.regulations.demo import regulations_demo_ensure
from portal.search.services import search_index_rebuild

from . import data
from .forms import (
    generic_form_ensure,
    leave_form_ensure,
    overtime_form_ensure,
    stream_signature,
    trip_form_ensure,
    trip_report_form_ensure,
)

SITE_HOSTNAME = "localhost"
SITE_PORT = 80
HOME_SLUG = "home"
HOME_SLUG_FALLBACK = "trang-chu"


class DemoAccount(TypedDict):
    username: str
    full_name: str
    role: str
    created: bool


class DemoPages(TypedDict, total=False):
    # Only when the public content is loaded (``content=True``, as load_demo_data does).
    regulation_page_title: str
    regulation_page_url: str
    regulation_page_status: str
    disclosure_page_title: str
    disclosure_page_url: str
    disclosure_page_status: str


class DemoSummary(DemoPages):
    units: int
    memberships: int
    accounts: list[DemoAccount]
    created_accounts: int
    home_page_title: str
    home_page_url: str
    # "created", "updated" or "unchanged".
    home_page_status: str
    form_page_title: str
    form_page_url: str
    form_page_status: str
    leave_page_title: str
    leave_page_url: str
    leave_page_status: str
    overtime_page_title: str
    overtime_page_url: str
    overtime_page_status: str
    trip_page_title: str
    trip_page_url: str
    trip_page_status: str
    trip_report_page_title: str
    trip_report_page_url: str
    trip_report_page_status: str


@transaction.atomic
def demo_data_load(*, password: str, content: bool = True) -> DemoSummary:
    """Create or update the demo Sở, Trung tâm, accounts, home page and form pages (generic,
    leave, overtime, trip and post-trip report), then the public content (the democracy
    regulation, the công khai board) unless ``content`` is off — the approval-chain tests load
    the organisation dozens of times and read none of it."""
    if not password:
        raise ValueError("Mật khẩu tài khoản mẫu không được để trống.")
    # The post_migrate handler normally did this already; a database restored from a dump or
    # an edited position list must not make the load fail halfway.
    positions_ensure_defaults()
    groups = role_groups_ensure()

    users, created = _users_ensure(password=password, groups=groups)
    units = _units_ensure(users=users)
    memberships = _memberships_ensure(users=users, units=units)
    home, status = _home_page_ensure()
    _site_ensure(home=home)
    form_page, form_status = generic_form_ensure(home=home, groups=groups)
    # Reference rows the migrations create, back if they were deleted (or a test flushed them).
    leave_types_ensure()
    office_hours_seasons_ensure()
    leave_page, leave_status = leave_form_ensure(home=home, groups=groups)
    overtime_page, overtime_status = overtime_form_ensure(home=home, groups=groups)
    trip_page, trip_status = trip_form_ensure(home=home, groups=groups)
    report_page, report_status = trip_report_form_ensure(home=home, groups=groups)
    # The portal's own CA, so that approved demo requests end in signed PDFs at once.
    ca_ensure()
    pages = {}
    if content:
        regulations = regulations_demo_ensure(home=home)
        disclosure = disclosure_demo_ensure(home=home)
        # Pages published through revisions are indexed as they go; this catches the rest.
        search_index_rebuild()
        pages = {
            "regulation_page_title": regulations["regulation_page_title"],
            "regulation_page_url": regulations["regulation_page_url"],
            "regulation_page_status": regulations["regulation_page_status"],
            "disclosure_page_title": disclosure["board"].title,
            "disclosure_page_url": disclosure["board"].get_url() or "",
            "disclosure_page_status": "created" if disclosure["board_created"] else "unchanged",
        }

    accounts: list[DemoAccount] = [
        {
            "username": spec.username,
            "full_name": users[spec.username].get_full_name(),
            "role": spec.role,
            "created": spec.username in created,
        }
        for spec in data.PEOPLE
    ]
    return {
        "units": len(units),
        "memberships": memberships,
        "accounts": accounts,
        "created_accounts": len(created),
        "home_page_title": home.title,
        "home_page_url": home.get_url() or "/",
        "home_page_status": status,
        "form_page_title": form_page.title,
        "form_page_url": form_page.get_url() or "",
        "form_page_status": form_status,
        "leave_page_title": leave_page.title,
        "leave_page_url": leave_page.get_url() or "",
        "leave_page_status": leave_status,
        "overtime_page_title": overtime_page.title,
        "overtime_page_url": overtime_page.get_url() or "",
        "overtime_page_status": overtime_status,
        "trip_page_title": trip_page.title,
        "trip_page_url": trip_page.get_url() or "",
        "trip_page_status": trip_status,
        "trip_report_page_title": report_page.title,
        "trip_report_page_url": report_page.get_url() or "",
        "trip_report_page_status": report_status,
        **pages,
    }


def _users_ensure(*, password: str, groups: dict) -> tuple[dict[str, User], set[str]]:
    users: dict[str, User] = {}
    created: set[str] = set()
    for spec in data.PEOPLE:
        fields = {
            "last_name": spec.last_name,
            "first_name": spec.first_name,
            "email": spec.email,
            "is_superuser": spec.superuser,
            "is_staff": spec.superuser,
        }
        user, was_created = User.objects.update_or_create(
            username=spec.username,
            defaults=fields,
            create_defaults={**fields, "password": make_password(password), "is_active": True},
        )
        if spec.groups:
            user.groups.add(*(groups[code] for code in spec.groups))
        users[spec.username] = user
        if was_created:
            created.add(spec.username)
    return users, created


def _units_ensure(*, users: dict[str, User]) -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    # data.UNITS lists parents before their children.
    for spec in data.UNITS:
        unit, _created = Unit.objects.update_or_create(
            code=spec.code,
            defaults={
                "name": spec.name,
                "short_name": spec.short_name,
                "kind": spec.kind,
                "parent": units[spec.parent] if spec.parent else None,
                "overseer": users[spec.overseer] if spec.overseer else None,
                "sort_order": spec.sort_order,
                "is_active": True,
            },
        )
        units[spec.code] = unit
    return units


def _memberships_ensure(*, users: dict[str, User], units: dict[str, Unit]) -> int:
    codes = {spec.position for spec in data.PEOPLE}
    positions = {p.code: p for p in Position.objects.filter(code__in=codes)}
    for spec in data.PEOPLE:
        Membership.objects.update_or_create(
            user=users[spec.username],
            unit=units[spec.unit],
            position=positions[spec.position],
            defaults={"start_date": spec.start_date, "end_date": None, "is_primary": True},
        )
    return len(data.PEOPLE)


def _home_page_ensure() -> tuple[HomePage, str]:
    wanted = HomePage(**data.HOME_PAGE)
    home = HomePage.objects.first()
    if home is None:
        # A database whose page tree was emptied (Wagtail's migrations create the root).
        Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
        root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
        stranded = _initial_page_remove(root=root)
        slug = HOME_SLUG
        if root.get_children().filter(slug=slug).exists():
            slug = HOME_SLUG_FALLBACK
        wanted.slug = slug
        home = root.add_child(instance=wanted)
        home.save_revision().publish()
        for site in stranded:
            site.root_page = home
            site.save()
        return home, "created"

    unchanged = (
        home.live
        and not home.has_unpublished_changes
        and home.title == wanted.title
        and home.intro == wanted.intro
        and home.contact == wanted.contact
        and stream_signature(home.body) == stream_signature(wanted.body)
    )
    if unchanged:
        return home, "unchanged"
    home.title = wanted.title
    home.draft_title = wanted.title
    home.intro = wanted.intro
    home.body = data.HOME_PAGE["body"]
    home.contact = wanted.contact
    home.save_revision().publish()
    return home, "updated"


def _initial_page_remove(*, root: Page) -> list[Site]:
    """Delete Wagtail's "Welcome" page if nobody built on it; return the sites it rooted.

    Site.root_page cascades on delete, so those sites are parked on the tree root first and
    moved to the new home page by the caller instead of being lost.
    """
    welcome = (
        root.get_children()
        .filter(slug=HOME_SLUG, content_type=ContentType.objects.get_for_model(Page))
        .first()
    )
    if welcome is None or not welcome.is_leaf():
        return []
    stranded = list(Site.objects.filter(root_page=welcome))
    for site in stranded:
        site.root_page = root
        site.save()
    welcome.delete()
    return stranded


def _site_ensure(*, home: HomePage) -> Site:
    site = Site.objects.filter(hostname=SITE_HOSTNAME, port=SITE_PORT).first() or Site(
        hostname=SITE_HOSTNAME, port=SITE_PORT
    )
    if site.pk and (site.root_page_id, site.is_default_site, site.site_name) == (
        home.pk,
        True,
        data.SITE_NAME,
    ):
        return site
    site.root_page = home
    site.is_default_site = True
    site.site_name = data.SITE_NAME
    site.save()
    # Wagtail answers unknown hosts with "the" default site, so there must be exactly one.
    for other in Site.objects.filter(is_default_site=True).exclude(pk=site.pk):
        other.is_default_site = False
        other.save()
    return site
