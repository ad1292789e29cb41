"""The complaint procedure of labour inspection (劳动保障监察) that wage arrears and
discrimination share: acceptance within 5 working days, investigation within 60 (+30 once),
closure approved by the supervisor, follow-up and reopening.

A kind takes its proxy's transitions from `fsm.InvestigatedComplaint` and its spec's steps
from `steps.investigated_complaint`, adding its own in between.
"""
