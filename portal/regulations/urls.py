from django.http import Http404
from django.shortcuts import redirect
from django.urls import path

app_name = "regulations"


def index(request):
    """The main menu's way to the regulations: the first live list page, wherever it is."""
    from .models import RegulationIndexPage

    page = RegulationIndexPage.objects.live().order_by("path").first()
    if page is None:
        raise Http404
    return redirect(page.url)


urlpatterns = [path("quy-che-quy-dinh/", index, name="index")]
