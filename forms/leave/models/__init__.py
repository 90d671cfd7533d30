from .page import LeaveFormPage
from .records import CalendarFeed, Leave, LeaveSettings, LeaveType, LedgerEntry

__all__ = ["CalendarFeed", "Leave", "LeaveFormPage", "LeaveSettings", "LeaveType", "LedgerEntry"]
