"""Follows trip and report submissions (signal ``forms.signals.submission_changed``)."""


def on_submission_changed(sender, submission, **kwargs) -> None:
    if submission.kind == "trip":
        from .services import trip_sync

        trip_sync(submission=submission)
    elif submission.kind == "trip_report":
        from .services import report_sync

        report_sync(submission=submission)
