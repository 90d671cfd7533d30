from django.urls import path

from . import handler_views, views

app_name = "feedback"

urlpatterns = [
    path("", views.feedback_new, name="new"),
    # The receipt is always POSTed, never part of an address (see views).
    path("tra-cuu/", views.receipt_lookup, name="receipt"),
    path("tra-cuu/gui-them/", views.receipt_reply, name="reply"),
    path("cua-toi/", handler_views.my_named_cases, name="mine"),
    path("cua-toi/<int:pk>/dong-y-dang/", handler_views.my_consent, name="consent"),
]
