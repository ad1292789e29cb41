"""Task-force membership, room messages and who is in a room right now."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class TaskForceMember(models.Model):
    """One person on a case's task force, for one period.

    Removal keeps the row (with `removed_at`) so that the record shows who could see the
    case and when; adding the same person again starts a new row.
    """

    case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, related_name="taskforce")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="taskforce_seats"
    )
    # The seat the member came from when added: a later change of post does not rewrite it.
    unit = models.ForeignKey(
        "permissions.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("所在单位")
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(_("加入时间"))
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    removed_at = models.DateTimeField(_("移出时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("专班成员")
        verbose_name_plural = _("专班成员")
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "user"],
                condition=Q(removed_at__isnull=True),
                name="taskforce_one_active_seat",
            )
        ]
        indexes = [models.Index(fields=["user", "removed_at"])]

    def __str__(self) -> str:
        return f"{self.user} @ {self.case_id}"


class RoomMessage(models.Model):
    case = models.ForeignKey(
        "casework.Case", on_delete=models.CASCADE, related_name="room_messages"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("内容"), max_length=2000, blank=True)
    attachment = models.ForeignKey(
        "casework.Attachment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="room_messages",
        verbose_name=_("附件"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("协同室消息")
        verbose_name_plural = _("协同室消息")
        ordering = ["id"]
        indexes = [models.Index(fields=["case", "id"])]


class RoomPresence(models.Model):
    """One open socket in a room. Kept in the database so that every ASGI process sees it.

    A row is deleted when its socket closes; `seen_at` is refreshed while the socket lives,
    so the rows of a process that died without closing them drop out after PRESENCE_TTL.
    """

    case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    channel_name = models.CharField(max_length=200, unique=True)
    connected_at = models.DateTimeField(auto_now_add=True)
    seen_at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["case", "seen_at"])]
