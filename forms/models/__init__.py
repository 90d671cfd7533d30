from .pages import ApprovalFormPage, FormField
from .submissions import ApprovalStep, Attachment, Submission, SubmissionEvent

__all__ = [
    "ApprovalFormPage",
    "ApprovalStep",
    "Attachment",
    "FormField",
    "Submission",
    "SubmissionEvent",
]
