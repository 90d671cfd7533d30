"""The calendar in the Wagtail admin, under one "Lịch làm việc" menu."""

import django_filters
from django.db.models.functions import ExtractYear
from django.urls import path, reverse_lazy
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import admin_views
from .models import CalendarOverride, OfficeHoursSeason

SUBMENU_HOOK = "register_workcalendar_menu_item"


def _year_choices():
    this_year = timezone.localdate().year
    years = set(
        CalendarOverride.objects.annotate(year=ExtractYear("date"))
        .values_list("year", flat=True)
        .distinct()
    )
    years.update({this_year - 1, this_year, this_year + 1})
    return [(year, str(year)) for year in sorted(years, reverse=True)]


class CalendarOverrideFilterSet(WagtailFilterSet):
    year = django_filters.ChoiceFilter(
        label=_("Năm"), choices=_year_choices, method="filter_year", empty_label=_("Mọi năm")
    )

    class Meta:
        model = CalendarOverride
        fields = ["year", "kind"]

    def filter_year(self, queryset, name, value):
        return queryset.filter(date__year=int(value)) if value else queryset


class CalendarOverrideViewSet(SnippetViewSet):
    model = CalendarOverride
    icon = "date"
    menu_label = _("Ngày nghỉ, ngày làm bù")
    filterset_class = CalendarOverrideFilterSet
    search_fields = ["reason"]
    ordering = ["-date"]

    @property
    def list_display(self):
        return [
            Column("date", label=_("Ngày"), accessor=_date_display, sort_key="date"),
            Column("weekday", label=_("Thứ"), accessor=_weekday),
            "kind",
            "reason",
        ]


def _date_display(override: CalendarOverride) -> str:
    return override.date.strftime("%d/%m/%Y")


def _weekday(override: CalendarOverride) -> str:
    return date_format(override.date, "l")


class OfficeHoursSeasonViewSet(SnippetViewSet):
    model = OfficeHoursSeason
    icon = "time"
    menu_label = _("Giờ làm việc theo mùa")
    ordering = ["start_month", "start_day"]

    @property
    def list_display(self):
        return [
            "name",
            Column("period", label=_("Thời gian áp dụng"), accessor="period_display"),
            Column("hours", label=_("Giờ làm việc"), accessor="hours_display"),
        ]


class WorkCalendarGroup(SnippetViewSetGroup):
    menu_label = _("Lịch làm việc")
    menu_icon = "date"
    menu_order = 160
    submenu_hook = SUBMENU_HOOK
    items = (CalendarOverrideViewSet, OfficeHoursSeasonViewSet)


register_snippet(WorkCalendarGroup)


class YearOverviewMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_view_calendar(request.user)


@hooks.register("register_admin_urls")
def register_year_overview_url():
    return [path("lich-lam-viec/", admin_views.year_overview, name="workcalendar_year")]


@hooks.register(SUBMENU_HOOK)
def register_year_overview_menu_item():
    return YearOverviewMenuItem(
        _("Lịch nghỉ cả năm"),
        reverse_lazy("workcalendar_year"),
        name="workcalendar-year",
        icon_name="calendar-alt",
        order=10,
    )
