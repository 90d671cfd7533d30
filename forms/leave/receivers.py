"""Follows submissions of the leave kinds (signal ``forms.signals.submission_changed``)."""


def on_submission_changed(sender, submission, **kwargs) -> None:
    if submission.kind == "leave":
        from .services import leave_sync

        leave_sync(submission=submission)
    elif submission.kind == "leave_cancel":
        from .cancellation import cancellation_sync

        cancellation_sync(request=submission)
