from django.urls import path

app_name = "overtime"

urlpatterns: list = []

# The security desk and the confirmation of actual hours (desk.py, actual.py).
from . import actual, desk  # noqa: E402

urlpatterns += [
    path("bao-ve/", desk.desk_view, name="desk"),
    path("bao-ve/<int:pk>/den/", desk.desk_record_view, desk.ARRIVAL_KW, name="desk_arrival"),
    path("bao-ve/<int:pk>/ve/", desk.desk_record_view, desk.DEPARTURE_KW, name="desk_departure"),
    path("gio/<int:pk>/xac-nhan/", actual.confirm_view, name="confirm"),
]

# Bảng tổng hợp giờ làm thêm (forms/overtime/sheet_views.py).
from . import sheet_views  # noqa: E402

urlpatterns += [
    path("bang-tong-hop/", sheet_views.sheet_view, name="sheet"),
    path("bang-tong-hop/tai-ve/", sheet_views.sheet_download, name="sheet_download"),
]
