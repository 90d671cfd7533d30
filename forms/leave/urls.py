from django.urls import path

from . import views

app_name = "leave"

urlpatterns = [
    path("so-ngay/", views.days_preview, name="days"),
    path("don/<int:pk>/huy/", views.cancel_view, name="cancel"),
    path("don/<int:pk>/de-nghi-huy/", views.cancellation_request_view, name="cancel_request"),
]

# Lịch vắng mặt and the iCalendar feeds (away.py, ical.py).
from . import away, ical  # noqa: E402

urlpatterns += [
    path("lich-vang/", away.away_view, name="away"),
    path("lich-cua-toi/", ical.feeds_view, name="feeds"),
    path("ical/<str:token>/ca-nhan.ics", ical.ical_personal, name="ical_personal"),
    path("ical/<str:token>/don-vi/<str:code>.ics", ical.ical_unit, name="ical_unit"),
]

# Ngày phép của tôi (forms/leave/balance_views.py).
from . import balance_views  # noqa: E402

urlpatterns += [path("so-phep/", balance_views.balance, name="balance")]
