"""The models of every enforcement kind, gathered here because Django loads an app's models
from `<app>.models`. Each kind keeps its own in its package."""

from .inspection.models import InspectionCase, InspectionStatus
from .joint_operation.models import (
    JointOperationCase,
    OperationLink,
    OperationProcess,
    OperationStatus,
    OperationUnit,
    UnitReportStatus,
)
from .rectification.models import MarketRectificationCase, RectificationStatus
from .rectification.patrols.models import MarketWatch, PatrolVisit
from .security_incident.models import IncidentStatus, IncidentType, SecurityIncidentCase

__all__ = [
    "IncidentStatus",
    "IncidentType",
    "InspectionCase",
    "InspectionStatus",
    "JointOperationCase",
    "MarketRectificationCase",
    "MarketWatch",
    "OperationLink",
    "OperationProcess",
    "OperationStatus",
    "OperationUnit",
    "PatrolVisit",
    "RectificationStatus",
    "SecurityIncidentCase",
    "UnitReportStatus",
]
