from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("van-ban/<uuid:uid>/tai-ve/", views.document_download, name="download"),
    path("van-ban/<uuid:uid>/trang-thai/", views.document_state, name="state"),
    path("van-ban/cho-cap-so/", views.registry_queue, name="registry"),
    path("van-ban/<uuid:uid>/cap-so/", views.registry_number, name="number"),
    path("xac-minh/chung-thu-goc.pem", views.trust_roots, name="trust_roots"),
    path("xac-minh/<str:code>/", views.verify, name="verify"),
    path("v/<str:code>", views.verify_short, name="short"),
]
