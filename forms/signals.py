"""Signals for the modules built on forms (leave, overtime…) to follow their submissions."""

from django.dispatch import Signal

# Sent inside the transaction that changed the submission's status or data, so a receiver's
# bookkeeping (a leave balance, a delegation) commits or rolls back with the change itself.
# Receivers must be idempotent: the same state may be announced more than once.
submission_changed = Signal()


def submission_changed_send(submission) -> None:
    submission_changed.send(sender=type(submission), submission=submission)
