"""Wagtail admin: Sổ ngày phép — everyone's annual leave for a year, and one person's ledger.

The overview's figures come from ``ledger_selectors.balances_for`` (a few queries for every
row). A person's page uses ``leave_balance`` itself and lets those allowed
add an adjustment (carry-over, correction), which is only ever added, never edited.
"""

import logging
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from portal.accounts.models import User, display_name
from portal.org.models import Unit
from portal.org.selectors import primary_membership

from .balance_views import (
    entitlement_parts,
    entitlement_text,
    ledger_entries,
    signed_days,
    year_choices,
    year_from,
)
from .ledger import leave_balance, leave_settings
from .ledger_selectors import balances_for, staff_memberships, unit_and_below, unit_choices
from .models import LedgerEntry

logger = logging.getLogger(__name__)
Kind = LedgerEntry.Kind

VIEW_PERMISSIONS = ("leave.view_ledgerentry", "leave.add_ledgerentry")
ADJUST_PERMISSION = "leave.add_ledgerentry"


def can_view_ledger(user) -> bool:
    return user.is_active and (
        user.is_superuser or any(user.has_perm(perm) for perm in VIEW_PERMISSIONS)
    )


def can_adjust(user) -> bool:
    return user.is_active and (user.is_superuser or user.has_perm(ADJUST_PERMISSION))


class LedgerFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=gettext_lazy("Năm"), coerce=int, required=False)
    unit = forms.TypedChoiceField(
        label=gettext_lazy("Đơn vị"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=gettext_lazy("Gồm cả các đơn vị trực thuộc."),
    )

    def __init__(self, *args, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in year_choices(around=year)]
        self.fields["unit"].choices = [("", _("Tất cả đơn vị")), *unit_choices()]


class LedgerAdminMixin(WagtailAdminTemplateMixin):
    header_icon = "clipboard-list"

    def dispatch(self, request, *args, **kwargs):
        if not can_view_ledger(request.user):
            raise PermissionDenied
        self.year = year_from(request.GET.get("year") or request.POST.get("year"))
        return super().dispatch(request, *args, **kwargs)


class LedgerOverviewView(LedgerAdminMixin, TemplateView):
    template_name = "leave/admin/ledger_index.html"
    page_title = gettext_lazy("Sổ ngày phép")

    def get_page_subtitle(self):
        return _("Năm %(year)s") % {"year": self.year}

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        data = self.request.GET.copy()
        data["year"] = self.year  # the year actually shown, after bounds
        form = LedgerFilterForm(data, year=self.year)
        unit = None
        if form.is_valid() and form.cleaned_data.get("unit"):
            unit = Unit.objects.filter(pk=form.cleaned_data["unit"]).first()
        memberships = staff_memberships(units=unit_and_below(unit) if unit else None)
        balances = balances_for(user_ids=[m.user_id for m in memberships], year=self.year)
        rows = [
            {
                "user": m.user,
                "name": display_name(m.user),
                "unit": m.unit,
                "position": m.position,
                "balance": balances[m.user_id],
                "adjustments": signed_days(balances[m.user_id].adjustments),
                "url": reverse("leave_ledger_person", args=[m.user_id]) + f"?year={self.year}",
            }
            for m in memberships
        ]
        context.update(
            year=self.year,
            form=form,
            unit=unit,
            rows=rows,
            negative_allowance=leave_settings().negative_allowance,
        )
        return context


class AdjustmentForm(forms.Form):
    days = forms.DecimalField(
        label=gettext_lazy("Số ngày"),
        max_digits=4,
        decimal_places=1,
        min_value=Decimal("-99.5"),
        max_value=Decimal("99.5"),
        localize=True,
        help_text=gettext_lazy(
            "Số dương để cộng (ví dụ chuyển 3 ngày phép năm trước sang: 3), "
            "số âm để trừ (ví dụ điều chỉnh giảm 1 ngày: -1). Có thể nhập nửa ngày: 0,5."
        ),
        error_messages={"required": gettext_lazy("Hãy nhập số ngày điều chỉnh.")},
    )
    note = forms.CharField(
        label=gettext_lazy("Lý do"),
        max_length=255,
        help_text=gettext_lazy("Bắt buộc; người được điều chỉnh xem được lý do này."),
        error_messages={
            "required": gettext_lazy("Hãy ghi lý do điều chỉnh."),
            "max_length": gettext_lazy("Lý do dài tối đa %(limit_value)d ký tự."),
        },
    )

    def clean_days(self):
        days = self.cleaned_data["days"]
        if days == 0:
            raise forms.ValidationError(_("Số ngày điều chỉnh phải khác 0."))
        if (days * 2) % 1:
            raise forms.ValidationError(_("Số ngày tính theo nửa ngày: ví dụ 1, 1,5 hoặc -0,5."))
        return days


class LedgerPersonView(LedgerAdminMixin, TemplateView):
    template_name = "leave/admin/ledger_person.html"
    page_title = gettext_lazy("Sổ ngày phép")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.person = get_object_or_404(User, pk=kwargs["user_id"])

    def get_page_subtitle(self):
        return _("%(name)s — năm %(year)s") % {
            "name": display_name(self.person),
            "year": self.year,
        }

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {
                "url": reverse("leave_ledger") + f"?year={self.year}",
                "label": _("Sổ ngày phép"),
            },
            {"url": "", "label": display_name(self.person)},
        ]

    def post(self, request, *args, **kwargs):
        if not can_adjust(request.user):
            raise PermissionDenied
        form = AdjustmentForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        entry = LedgerEntry.objects.create(
            user=self.person,
            year=self.year,
            kind=Kind.ADJUSTMENT,
            days=form.cleaned_data["days"],
            note=form.cleaned_data["note"].strip(),
            created_by=request.user,
        )
        logger.info(
            "Leave adjustment %s by %s: %s %s days for %s",
            entry.pk,
            request.user.username,
            self.year,
            entry.days,
            self.person.username,
        )
        messages.success(
            request,
            _("Đã ghi điều chỉnh %(days)s ngày vào sổ phép năm %(year)s của %(name)s.")
            % {
                "days": signed_days(entry.days),
                "year": self.year,
                "name": display_name(self.person),
            },
        )
        return redirect(
            reverse("leave_ledger_person", args=[self.person.pk]) + f"?year={self.year}"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        balance = leave_balance(user=self.person, year=self.year)
        parts = entitlement_parts(user=self.person, year=self.year)
        may_adjust = can_adjust(self.request.user)
        if may_adjust and "form" not in kwargs:
            context["form"] = AdjustmentForm()
        context.update(
            person=self.person,
            person_name=display_name(self.person),
            membership=primary_membership(user=self.person),
            year=self.year,
            years=year_choices(user=self.person, around=self.year),
            balance=balance,
            adjustments_signed=signed_days(balance.adjustments),
            parts=parts,
            entitlement_text=entitlement_text(parts),
            entries=ledger_entries(user=self.person, year=self.year),
            can_adjust=may_adjust,
            action_url=reverse("leave_ledger_person", args=[self.person.pk]),
            this_year=timezone.localdate().year,
        )
        return context


ledger_overview = LedgerOverviewView.as_view()
ledger_person = LedgerPersonView.as_view()
