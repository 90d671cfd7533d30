from django.urls import path

from . import views

app_name = "forms"

urlpatterns = [
    path("", views.form_index, name="index"),
    path("don-cua-toi/", views.submission_list, name="my_submissions"),
    path("don/<int:pk>/", views.submission_detail, name="submission_detail"),
    path("don/<int:pk>/rut/", views.submission_withdraw_view, name="withdraw"),
    path("don/<int:pk>/nop-lai/", views.submission_resubmit_view, name="resubmit"),
    path("tep/<int:pk>/", views.attachment_download, name="attachment"),
]
