"""Follows overtime submissions (signal ``forms.signals.submission_changed``)."""


def on_submission_changed(sender, submission, **kwargs) -> None:
    if submission.kind == "overtime":
        from .services import overtime_sync

        overtime_sync(submission=submission)
