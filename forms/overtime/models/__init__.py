from .page import OvertimeFormPage
from .records import OvertimeEntry, OvertimeSettings

__all__ = ["OvertimeEntry", "OvertimeFormPage", "OvertimeSettings"]
