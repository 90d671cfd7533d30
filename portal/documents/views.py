"""Document pages: download, generation state, the registry's queue, public verification."""

from django.http import Http404


def _todo(*args, **kwargs):
    raise Http404


document_download = document_state = registry_queue = registry_number = _todo
verify = verify_short = _todo
