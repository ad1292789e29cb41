"""The Case core: one row per case of any kind, its parties, participants and payments."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from .registry import Employer, Market, Person


class Priority(models.TextChoices):
    NORMAL = "normal", _("一般")
    HIGH = "high", _("紧急")


class CaseQuerySet(models.QuerySet):
    """Cases. A permission-scoped list (`casework.selectors.case_list_for_user`) sets
    `count_pieces`: disjoint querysets whose rows together are its own, each answered from
    one index, where the `COUNT(*)` of the scope's OR would make PostgreSQL visit every
    visible row. Their `UNION ALL` is counted in one statement. A clone (a further filter,
    a slice) has no pieces and counts the usual way, so the count can never miss a filter."""

    count_pieces: list[models.QuerySet] | None = None

    def count(self) -> int:
        if not self.count_pieces:
            return super().count()
        first, *rest = [piece.order_by().values("pk") for piece in self.count_pieces]
        return first.union(*rest, all=True).count() if rest else first.count()


class Case(FSMModelMixin, models.Model):
    """A case of any kind. Kinds are proxy models that carry the FSM transitions.

    `status` is the one source of truth for the state. Writes go through the actions in
    `casework.actions`, which lock the row and write it back with
    `casework.actions.locking.save_case`: one UPDATE that matches only the `version` the
    action read and bumps it, so a stale writer updates no row even where
    `select_for_update` is a no-op, as on SQLite. The version guards every state, not only
    the status, so django-fsm's `ConcurrentTransitionMixin` is not used; `FSMModelMixin`
    lets `refresh_from_db()` reload the protected status.
    """

    number = models.CharField(_("案件编号"), max_length=60, unique=True)
    tracking_number = models.CharField(_("查询编号"), max_length=20, unique=True)
    access_code_hash = models.CharField(max_length=64, blank=True, editable=False)
    kind = models.CharField(_("案件类型"), max_length=40, db_index=True)
    status = FSMField(_("状态"), max_length=40, default="submitted", protected=True, db_index=True)
    version = models.PositiveIntegerField(default=1)
    priority = models.CharField(
        _("优先级"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    lead_unit = models.ForeignKey(
        "permissions.Unit",
        on_delete=models.PROTECT,
        related_name="led_cases",
        verbose_name=_("主办单位"),
    )
    # Denormalised from the lead unit: the visibility rules filter on these indexed columns.
    lead_department = models.ForeignKey(
        "permissions.Department", on_delete=models.PROTECT, related_name="+", editable=False
    )
    jurisdiction = models.ForeignKey(
        "permissions.Jurisdiction",
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("行政区划"),
    )
    jurisdiction_path = models.CharField(max_length=400, editable=False)
    participating_units = models.ManyToManyField(
        "permissions.Unit",
        through="CaseParticipant",
        related_name="participating_cases",
        blank=True,
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_cases",
        verbose_name=_("承办人"),
    )
    market = models.ForeignKey(
        Market,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("零工市场"),
    )
    employer = models.ForeignKey(
        Employer,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("用人单位"),
    )
    description = models.TextField(_("案情描述"), max_length=5000)
    occurred_on = models.DateField(_("发生日期"), null=True, blank=True)
    workers_count = models.PositiveIntegerField(_("涉及人数"), default=1)
    amount_owed = models.DecimalField(
        _("拖欠金额"), max_digits=14, decimal_places=2, default=Decimal("0")
    )
    amount_recovered = models.DecimalField(
        _("追回金额"), max_digits=14, decimal_places=2, default=Decimal("0")
    )
    # What the latest order to pay (责令限期支付) fixed, when the kind orders payment; what
    # is still owed is counted against it rather than the claim (docs/payments.md).
    amount_ordered = models.DecimalField(
        _("责令支付金额"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    # The binding deadline: the earliest due date of the running clocks (for lists and filters).
    deadline = models.DateField(_("办理期限"), null=True, blank=True, db_index=True)
    details = models.JSONField(_("其他信息"), default=dict, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"))
    closed_at = models.DateTimeField(_("结案时间"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("案件")
        verbose_name_plural = _("案件")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["lead_unit", "status"]),
            # The subtree rule compares paths with pattern operators (byte order, see
            # casework.policies.expressions.PathRange), which only a pattern-ops index serves.
            models.Index(
                fields=["lead_department", "jurisdiction_path"],
                name="case_dept_path_like_idx",
                opclasses=["", "varchar_pattern_ops"],
            ),
            # Counts the led cases outside the subtrees from the index alone.
            models.Index(
                fields=["lead_unit", "lead_department", "jurisdiction_path"],
                name="case_unit_dept_path_idx",
                opclasses=["", "", "varchar_pattern_ops"],
            ),
            models.Index(fields=["assignee", "status"]),
            models.Index(fields=["-submitted_at", "-id"]),
            # Cases closed in a period and the open backlog (closed_at IS NULL): the
            # statistics' series by day and the case list's open filter.
            models.Index(fields=["closed_at"], name="case_closed_at_idx"),
        ]
        permissions = [
            ("handle_case", "Handle the case (see personal information)"),
            ("act_case", "Act on the case as a task-force member"),
        ]

    def __str__(self) -> str:
        return self.number

    def save(self, *args, **kwargs):
        if not self.lead_department_id and self.lead_unit_id:
            self.lead_department_id = self.lead_unit.department_id
        if not self.jurisdiction_path and self.jurisdiction_id:
            self.jurisdiction_path = self.jurisdiction.path
        super().save(*args, **kwargs)

    @property
    def spec(self):
        from casework.kinds import get_kind

        return get_kind(self.kind)

    def as_kind(self) -> Case:
        """This row as its kind's proxy class, whose methods carry the FSM transitions."""
        model = self.spec.model
        if type(self) is not model:
            self.__class__ = model
        return self

    def get_status_display(self) -> str:
        return self.spec.status_label(self.status)

    def get_kind_display(self) -> str:
        return str(self.spec.label)

    @property
    def is_final(self) -> bool:
        return self.status in self.spec.final_states


class CaseParticipant(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="participants")
    unit = models.ForeignKey("permissions.Unit", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=40, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "unit"], name="participant_unique")]
        indexes = [models.Index(fields=["unit", "case"])]


class PartyRole(models.TextChoices):
    COMPLAINANT = "complainant", _("投诉人")
    WORKER = "worker", _("劳动者")
    RESPONDENT = "respondent", _("被投诉人联系人")
    WITNESS = "witness", _("证人")


class CaseParty(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="case_parties")
    role = models.CharField(_("身份"), max_length=20, choices=PartyRole.choices)
    amount_owed = models.DecimalField(
        _("被拖欠金额"), max_digits=14, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("案件当事人")
        verbose_name_plural = _("案件当事人")
        ordering = ["id"]


class ExcessReason(models.TextChoices):
    """Why a sum above what is still owed is right (docs/payments.md)."""

    COMPENSATION = "compensation", _("加付赔偿金（《劳动合同法》第八十五条）")
    OTHER_WORKERS = "other_workers", _("含本案未列明的其他劳动者的工资")
    OTHER = "other", _("其他（须说明）")


class Payment(models.Model):
    """A wage payment to one worker, recorded by the officer after an order to pay, or the
    correction of one (`corrects` set, `amount` negative).

    Entries are never edited or deleted: a wrong one is reversed by a correcting entry that
    points at it, with a reason, so every sum over `amount` nets the error out while both
    rows stay on the record. One correction per entry, never more than the entry's amount,
    and a correction is not itself corrected (docs/payments.md)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="payments")
    party = models.ForeignKey(CaseParty, on_delete=models.PROTECT, related_name="payments")
    amount = models.DecimalField(_("金额"), max_digits=14, decimal_places=2)
    paid_on = models.DateField(_("支付日期"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    corrects = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="correction",
        verbose_name=_("更正的支付记录"),
    )
    reason = models.TextField(_("更正理由"), blank=True, max_length=2000)
    excess_reason = models.CharField(
        _("超额理由"), max_length=20, blank=True, choices=ExcessReason.choices
    )
    excess_note = models.TextField(_("超额说明"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("工资支付")
        verbose_name_plural = _("工资支付")
        ordering = ["paid_on", "id"]
        constraints = [
            # A payment is positive, its correction negative: the sign is the entry's kind.
            models.CheckConstraint(
                condition=(
                    models.Q(corrects__isnull=True, amount__gt=0)
                    | models.Q(corrects__isnull=False, amount__lt=0)
                ),
                name="payment_sign",
            ),
            models.CheckConstraint(
                condition=models.Q(corrects__isnull=True) | ~models.Q(reason=""),
                name="payment_correction_reason",
            ),
        ]

    @property
    def is_correction(self) -> bool:
        return self.corrects_id is not None

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise PermissionError("payments are never edited: record a correction instead")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("payments are never deleted: record a correction instead")


class CaseSequence(models.Model):
    """Gap-free counter per jurisdiction, kind and year; incremented in the creating transaction."""

    jurisdiction = models.ForeignKey("permissions.Jurisdiction", on_delete=models.PROTECT)
    kind_code = models.CharField(max_length=8)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "kind_code", "year"], name="sequence_unique"
            )
        ]


class TimelineEntry(models.Model):
    """What happened on a case, in the words shown to officers (and, if public, to the complainant)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="timeline")
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verb = models.CharField(max_length=60)
    text = models.CharField(max_length=500)
    comment = models.TextField(blank=True, max_length=5000)
    payload = models.JSONField(default=dict, blank=True)
    # What the complainant sees on the public status page; empty for internal steps.
    public_text = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("时间线")
        verbose_name_plural = _("时间线")


class CaseUserObjectPermission(UserObjectPermissionBase):
    """Direct-FK object permissions: task-force members and other per-case exceptions."""

    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        pass


class CaseGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        pass
