"""Errors of the dishonesty list that the casework errors do not already name."""

from __future__ import annotations

from casework.errors import CaseworkError


class ListingNotFound(CaseworkError):
    """No such listing, or one whose source case the user may not see."""

    status_code = 404


class EmployerNotFound(CaseworkError):
    status_code = 404
