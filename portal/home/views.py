from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static


def favicon(request):
    """Browsers and feed readers ask the site root for its icon whatever the pages link to.

    The address is looked up per request: with the manifest storage it exists only after
    collectstatic, which importing the URLs must not depend on."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))
