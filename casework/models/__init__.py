from .alerts import AlertLevel, ClockAlert
from .attachments import Attachment
from .audit import AuditEvent, AuditHead
from .case import (
    Case,
    CaseGroupObjectPermission,
    CaseParticipant,
    CaseParty,
    CaseSequence,
    CaseUserObjectPermission,
    ExcessReason,
    PartyRole,
    Payment,
    Priority,
    TimelineEntry,
)
from .clocks import (
    CalendarDay,
    ClockExtension,
    ClockPause,
    ClockStatus,
    DayKind,
    DayUnit,
    HolidayNotice,
    LegalClock,
    PauseReason,
)
from .documents import Document, DocumentSequence, DossierJob, DossierStatus
from .exports import CaseExport, ExportFormat, ExportStatus
from .links import CaseAlias, CaseLink
from .outbox import Notification, OutboxMessage
from .process import CaseProcess as CaseProcess
from .registry import (
    FACILITIES,
    Employer,
    Market,
    MarketKind,
    MarketStatus,
    MarketStatusChange,
    Person,
)
from .transfer import CaseTransfer, ReassignmentJob  # noqa: F401

__all__ = [
    "FACILITIES",
    "AlertLevel",
    "Attachment",
    "AuditEvent",
    "AuditHead",
    "CalendarDay",
    "HolidayNotice",
    "Case",
    "CaseAlias",
    "CaseExport",
    "CaseGroupObjectPermission",
    "CaseLink",
    "CaseParticipant",
    "CaseParty",
    "CaseSequence",
    "CaseUserObjectPermission",
    "ClockAlert",
    "ClockExtension",
    "ClockPause",
    "ClockStatus",
    "DayKind",
    "DayUnit",
    "Document",
    "DocumentSequence",
    "DossierJob",
    "DossierStatus",
    "Employer",
    "ExcessReason",
    "ExportFormat",
    "ExportStatus",
    "LegalClock",
    "Market",
    "MarketKind",
    "MarketStatus",
    "MarketStatusChange",
    "Notification",
    "OutboxMessage",
    "PartyRole",
    "PauseReason",
    "Payment",
    "Person",
    "Priority",
    "TimelineEntry",
]
