"""The gig-market registry, shared by every case kind: its models (`models.py`, loaded by
Django through `casework.models`), what it accepts (`validation.py`), its writes
(`actions.py`), who may edit it (`policy.py`), its reads with the cases behind each market
(`selectors.py`), its API (`api.py`), the spreadsheet import (`imports.py`) and the
officers' pages: the map and each market's page (`views.py`, `templates/casework/markets/`).
"""
