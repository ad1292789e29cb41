"""Signal receivers for auditing logins and keeping clocks in step with the holiday calendar.

These are infrastructure hooks, not domain flow: case changes go through actions only.
"""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from . import audit, workdays
from .models import CalendarDay, HolidayNotice
from .signals import calendar_changed


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    with transaction.atomic():
        audit.record(
            actor=user,
            verb="auth.login",
            obj=user,
            payload={"ip": request.META.get("REMOTE_ADDR", "") if request else ""},
        )


@receiver(user_login_failed)
def audit_failed_login(sender, credentials, request=None, **kwargs):
    with transaction.atomic():
        audit.record(
            actor=None,
            verb="auth.login_failed",
            payload={"username": str(credentials.get("username", ""))[:150]},
        )


@receiver([post_save, post_delete], sender=CalendarDay)
@receiver([post_save, post_delete], sender=HolidayNotice)
def calendar_edited(sender, **kwargs):
    from .clocks import recompute_open_clocks

    workdays.invalidate()
    transaction.on_commit(recompute_open_clocks)


@receiver(calendar_changed)
def transfer_answer_dates_follow_the_calendar(sender, **kwargs):
    """A pending transfer's answer date is 3 calendar days from its proposal, rolled off rest
    days: recount it against the new calendar."""
    from .actions.transfer import ANSWER_DAYS
    from .models.transfer import CaseTransfer, TransferStatus

    for transfer in CaseTransfer.objects.filter(status=TransferStatus.PENDING):
        proposed = timezone.localdate(transfer.proposed_at)
        due = workdays.add_calendar_days(proposed, ANSWER_DAYS)
        if due != transfer.due_on:
            CaseTransfer.objects.filter(pk=transfer.pk).update(due_on=due)
