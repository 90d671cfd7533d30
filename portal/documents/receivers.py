"""Keeps each submission's document in step with it (``forms.signals.submission_changed``)."""

from .services import document_follow


def on_submission_changed(sender, submission, **kwargs) -> None:
    page = submission.form_page.specific if submission.form_page_id else None
    # A leave cancellation request lives on the leave's page but is not a leave request.
    if page is None or getattr(page, "kind", "generic") != submission.kind:
        return
    document_follow(submission=submission)
