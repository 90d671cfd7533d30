from .pages import TripFormPage, TripReportFormPage
from .records import Scope, Trip, TripSettings, VehicleOrder

__all__ = ["Scope", "Trip", "TripFormPage", "TripReportFormPage", "TripSettings", "VehicleOrder"]
