"""Officer pages: lists of cases (inbox, unit queue, approvals, search) and the case page.

Every page reads through `casework.selectors` and writes through `casework.actions`; the
views only translate between HTTP and those calls.
"""
