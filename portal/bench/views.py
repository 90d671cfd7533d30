"""The floor every portal page is compared with: a view that does nothing but answer.

It goes through the same middleware as every page (sessions, language, authentication, MFA
check…), so the ratio of a page to it is the cost of the page's own work.
"""

from django.http import HttpResponse


def bare_django(request):
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
