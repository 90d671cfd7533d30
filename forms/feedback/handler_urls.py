from django.urls import path

from . import handler_views

app_name = "feedback_handling"

urlpatterns = [
    path("", handler_views.case_list, name="list"),
    path("<int:pk>/", handler_views.case_detail, name="detail"),
    path("<int:pk>/buoc/<str:step>/", handler_views.case_step, name="step"),
    path("<int:pk>/dang-cong-khai/", handler_views.case_publish, name="publish"),
    path("tep/<int:pk>/", handler_views.attachment, name="attachment"),
]
