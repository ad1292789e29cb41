"""The write paths of casework: pages, API, flows and commands all call these."""

from .assignment import case_assign, case_claim, least_loaded_officer
from .attachments import case_attach, record_download
from .clock_control import clock_pause, clock_resume
from .deadlines import check_deadlines
from .intake import EmployerInput, PartyInput, case_open, check_access_code
from .opening import case_open_internal, openable_kinds
from .pii import record_pii_view
from .transitions import available_transitions, case_transition

__all__ = [
    "EmployerInput",
    "PartyInput",
    "available_transitions",
    "case_assign",
    "case_attach",
    "case_claim",
    "clock_pause",
    "clock_resume",
    "case_open",
    "case_open_internal",
    "case_transition",
    "check_deadlines",
    "check_access_code",
    "least_loaded_officer",
    "openable_kinds",
    "record_download",
    "record_pii_view",
]
