"""Exports of the case list (CSV and XLSX): the columns (`rows`) and the files (`files`).

What to export and who gets the file is decided by `casework.actions.exports`; these
modules only turn cases into rows and rows into bytes."""
