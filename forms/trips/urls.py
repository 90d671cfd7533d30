from django.urls import path

from . import vehicle

app_name = "trips"

urlpatterns = [
    path("<int:pk>/lenh-dieu-xe/", vehicle.vehicle_order_view, name="vehicle_order"),
]
