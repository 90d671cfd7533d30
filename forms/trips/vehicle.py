"""Lệnh điều xe: Văn phòng records the car and driver given to an approved trip (AG Đ6.2.2d).

The approval of a trip that asks for the office car notifies Văn phòng
(``services._vehicle_notice``); a member of the Văn phòng role group (or a superuser) then
records the order here — one per trip, editable — and the requester is told which car and
driver he has. Anyone else gets a 404: a stranger must not learn whose trip this is.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from forms.selectors import submission_visible_to
from portal.accounts.models import User
from portal.notifications.models import Notification
from portal.notifications.services import notify
from portal.org import roles
from portal.org.selectors import user_has_role

from .models import Trip, VehicleOrder
from .selectors import GRANTED

# What the requester is told changed; recorded_by/recorded_at alone are no news.
ORDER_FIELDS = ("number", "vehicle", "driver", "note")


def may_order_vehicle(*, user: User) -> bool:
    """Members of Văn phòng and superusers record vehicle orders."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user_has_role(user=user, code=roles.OFFICE)


def vehicle_order_open(*, trip: Trip) -> bool:
    """An order is recorded for an approved trip that asked for the office car."""
    return trip.vehicle and trip.submission.status in GRANTED


class VehicleOrderForm(forms.ModelForm):
    class Meta:
        model = VehicleOrder
        fields = ORDER_FIELDS
        labels = {
            "number": gettext_lazy("Số lệnh"),
            "vehicle": gettext_lazy("Xe (biển số)"),
            "driver": gettext_lazy("Lái xe"),
            "note": gettext_lazy("Ghi chú"),
        }
        help_texts = {
            "number": gettext_lazy("Số của lệnh điều xe, nếu đã vào sổ (ví dụ 125/LĐX-VP)."),
            "vehicle": gettext_lazy("Ví dụ: 15A-123.45"),
            "note": gettext_lazy("Giờ, địa điểm đón; số người đi cùng xe…"),
        }
        error_messages = {
            "vehicle": {"required": gettext_lazy("Hãy nhập biển số xe.")},
            "driver": {"required": gettext_lazy("Hãy nhập họ tên lái xe.")},
            "number": {"max_length": gettext_lazy("Số lệnh dài tối đa %(limit_value)d ký tự.")},
        }
        widgets = {
            "number": forms.TextInput(attrs={"autocomplete": "off"}),
            "vehicle": forms.TextInput(attrs={"autocomplete": "off", "size": 12}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_vehicle(self) -> str:
        # Plates are written in capitals: 15a-123.45 and 15A-123.45 are one car.
        return " ".join(self.cleaned_data["vehicle"].split()).upper()

    def clean_driver(self) -> str:
        return " ".join(self.cleaned_data["driver"].split())


class VehicleOrderClosed(Exception):
    """The trip no longer takes an order (withdrawn, cancelled, no car asked for)."""


def vehicle_order_save(*, trip: Trip, user: User, data: dict) -> tuple[VehicleOrder, bool]:
    """Create or update the trip's order; tell the requester when something changed.

    Returns the order and whether the requester was told."""
    if not may_order_vehicle(user=user):
        raise PermissionDenied
    with transaction.atomic():
        trip = Trip.objects.select_for_update().select_related("submission").get(pk=trip.pk)
        if not vehicle_order_open(trip=trip):
            raise VehicleOrderClosed(
                _(
                    "Chuyến công tác này không còn cần lệnh điều xe (chưa duyệt, đã rút hoặc "
                    "không đăng ký xe)."
                )
            )
        order = VehicleOrder.objects.filter(trip=trip).first()
        created = order is None
        if created:
            order = VehicleOrder(trip=trip)
        before = {name: getattr(order, name) for name in ORDER_FIELDS}
        for name in ORDER_FIELDS:
            setattr(order, name, data.get(name, "") or "")
        changed = created or any(getattr(order, n) != before[n] for n in ORDER_FIELDS)
        order.recorded_by = user
        order.save()
        if changed:
            _requester_notice(trip=trip, order=order, created=created)
    return order, changed


def _requester_notice(*, trip: Trip, order: VehicleOrder, created: bool) -> None:
    values = {"vehicle": order.vehicle, "driver": order.driver, "title": trip.submission.title}
    if created:
        title = _("Đã bố trí xe: %(vehicle)s, lái xe %(driver)s — %(title)s") % values
    else:
        title = _("Đã bố trí xe (đã sửa): %(vehicle)s, lái xe %(driver)s — %(title)s") % values
    body = order.note
    if order.number:
        body = (_("Lệnh điều xe số %(number)s.") % {"number": order.number} + " " + body).strip()
    notify(
        users=[trip.user],
        verb=Notification.Verb.NOTICE,
        title=title,
        body=body,
        url=reverse("forms:submission_detail", args=[trip.submission_id]),
    )


def vehicle_order_url(*, user: User, trip: Trip | None) -> str:
    """The order page's address for someone who may record it, else ""."""
    if trip is None or not vehicle_order_open(trip=trip) or not may_order_vehicle(user=user):
        return ""
    return reverse("trips:vehicle_order", args=[trip.submission_id])


@login_required
@require_http_methods(["GET", "POST"])
def vehicle_order_view(request, pk: int):
    """GET: the order form (pre-filled when the order exists). POST: save it, then back to
    the trip."""
    if not may_order_vehicle(user=request.user):
        raise Http404
    trip = get_object_or_404(
        Trip.objects.select_related("submission", "user", "unit"), submission_id=pk
    )
    if not vehicle_order_open(trip=trip):
        raise Http404
    order = VehicleOrder.objects.filter(trip=trip).select_related("recorded_by").first()
    form = VehicleOrderForm(request.POST or None, instance=order)
    can_see_submission = submission_visible_to(user=request.user, submission=trip.submission)
    if request.method == "POST" and form.is_valid():
        try:
            _order, told = vehicle_order_save(trip=trip, user=request.user, data=form.cleaned_data)
        except VehicleOrderClosed as exc:
            form.add_error(None, str(exc))
        else:
            name = trip.user.get_full_name() or trip.user.username
            if told:
                messages.success(
                    request, _("Đã ghi lệnh điều xe và báo cho %(name)s.") % {"name": name}
                )
            else:
                messages.info(request, _("Lệnh điều xe không thay đổi."))
            if can_see_submission:
                return redirect("forms:submission_detail", pk)
            return redirect("trips:vehicle_order", pk)
    return render(
        request,
        "trips/vehicle_order.html",
        {
            "trip": trip,
            "submission": trip.submission,
            "order": order,
            "form": form,
            "can_see_submission": can_see_submission,
            "participants": _participants(trip),
        },
    )


def _participants(trip: Trip) -> list[str]:
    """Who goes: the requester and the colleagues he named, by full name."""
    usernames = [trip.user.username, *((trip.submission.data or {}).get("participants") or [])]
    found = {u.username: u.get_full_name() for u in User.objects.filter(username__in=usernames)}
    return [found.get(name) or name for name in dict.fromkeys(usernames)]
