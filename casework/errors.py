"""Errors raised by casework actions; the API and pages map them to 400/403/404/409."""

from __future__ import annotations


class CaseworkError(Exception):
    status_code = 400

    def __init__(self, message: str = "", *, field: str | None = None, errors: dict | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors or ({field: [message]} if field else {"detail": message})


class CaseNotFound(CaseworkError):
    """The case does not exist or the actor may not see it: indistinguishable on purpose."""

    status_code = 404


class UnknownTransition(CaseworkError):
    status_code = 404


class NotPermitted(CaseworkError):
    status_code = 403


class Conflict(CaseworkError):
    """Wrong state for the transition, or a stale version."""

    status_code = 409


class InvalidInput(CaseworkError):
    status_code = 400


class ExportNotFound(CaseworkError):
    """No such export, or it was asked for by someone else: indistinguishable on purpose."""

    status_code = 404
