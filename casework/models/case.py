"""The Case core: one row per case of any kind, its parties, participants and payments."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransition, ConcurrentTransitionMixin, FSMField
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from .registry import Employer, Market, Person


class Priority(models.TextChoices):
    NORMAL = "normal", _("一般")
    HIGH = "high", _("紧急")


class Case(ConcurrentTransitionMixin, models.Model):
    """A case of any kind. Kinds are proxy models that carry the FSM transitions.

    `status` is the one source of truth for the state. Writes go through the actions in
    `casework.actions`, which lock the row, check `version` and bump it in the same UPDATE
    (the version filter is added to the UPDATE below, so a stale writer updates no row even
    where `select_for_update` is a no-op, as on SQLite).
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
    # The binding deadline: the earliest due date of the running clocks (for lists and filters).
    deadline = models.DateField(_("办理期限"), null=True, blank=True, db_index=True)
    details = models.JSONField(_("其他信息"), default=dict, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"))
    closed_at = models.DateTimeField(_("结案时间"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("案件")
        verbose_name_plural = _("案件")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["lead_unit", "status"]),
            # The subtree rule compares paths with pattern operators (byte order, see
            # casework.policies.PathRange), which only a pattern-ops index serves.
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
        ]
        permissions = [
            ("handle_case", "Handle the case (see personal information)"),
            ("act_case", "Act on the case as a task-force member"),
        ]

    def __str__(self) -> str:
        return self.number

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._loaded_version = self.version if self.pk else None

    def _do_update(
        self, base_qs, using, pk_val, values, update_fields, forced_update, *args, **kwargs
    ):
        if self._loaded_version is not None:
            base_qs = base_qs.filter(version=self._loaded_version)
        return super()._do_update(
            base_qs, using, pk_val, values, update_fields, forced_update, *args, **kwargs
        )

    def save(self, *args, **kwargs):
        if not self.lead_department_id and self.lead_unit_id:
            self.lead_department_id = self.lead_unit.department_id
        if not self.jurisdiction_path and self.jurisdiction_id:
            self.jurisdiction_path = self.jurisdiction.path
        super().save(*args, **kwargs)
        self._loaded_version = self.version

    def save_transition(self, update_fields, *, from_status: str, defer: bool = False) -> None:
        """`save(update_fields=...)` after a transition, as one prepared UPDATE that also sets
        `deadline` to the earliest due date of the case's running clocks (what
        `clocks.binding_deadline` reads), computed by the database and read back.

        The same guard as `save()`: the row must still hold the version this instance was
        loaded with and the status the transition left (`from_status`); otherwise nothing is
        written and `ConcurrentTransition` is raised, as django-fsm's mixin does. With
        `defer=True` inside a write batch the UPDATE travels with the next statement, and
        the error is raised (and `deadline` set) when its result comes in.
        """
        from django.db import connections

        from gigcase.prepared import execute

        from .clocks import ClockStatus

        connection = connections[self._state.db or "default"]
        names = tuple(n for n in dict.fromkeys(update_fields) if n != "deadline")
        targets = [self._meta.get_field(name) for name in names]
        params = [f.get_db_prep_save(f.pre_save(self, False), connection) for f in targets]
        params += [self.pk, ClockStatus.RUNNING.value, self.pk, self._loaded_version, from_status]
        deadline = self._meta.get_field("deadline")

        def saved(rows: list[tuple]) -> None:
            if not rows:
                raise ConcurrentTransition(
                    "Cannot save object! The state has been changed since fetched from the database!"
                )
            self.deadline = deadline.to_python(rows[0][0])

        execute(
            _transition_update_sql(connection, names),
            params,
            defer=defer,
            on_rows=saved,
            using=connection.alias,
        )
        self._loaded_version = self.version
        self._update_initial_state()

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        self._loaded_version = self.version

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


class Payment(models.Model):
    """A wage payment to one worker, recorded by the officer after an order to pay."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="payments")
    party = models.ForeignKey(CaseParty, on_delete=models.PROTECT, related_name="payments")
    amount = models.DecimalField(_("金额"), max_digits=14, decimal_places=2)
    paid_on = models.DateField(_("支付日期"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("工资支付")
        verbose_name_plural = _("工资支付")
        ordering = ["paid_on", "id"]


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


_TRANSITION_UPDATES: dict[tuple[str, tuple[str, ...]], str] = {}


def _transition_update_sql(connection, names: tuple[str, ...]) -> str:
    """UPDATE ... SET <names>, deadline = <earliest running clock> WHERE id, version, status
    RETURNING deadline; built once per connection and set of columns."""
    key = (connection.alias, names)
    sql = _TRANSITION_UPDATES.get(key)
    if sql is None:
        from .clocks import LegalClock

        qn = connection.ops.quote_name
        meta = Case._meta
        column = lambda name: qn(meta.get_field(name).column)  # noqa: E731
        clock = LegalClock._meta
        earliest = (
            f"(SELECT MIN({qn(clock.get_field('due_date').column)}) FROM {qn(clock.db_table)} "
            f"WHERE {qn(clock.get_field('case').column)} = %s "
            f"AND {qn(clock.get_field('status').column)} = %s)"
        )
        sets = [f"{column(name)} = %s" for name in names] + [f"{column('deadline')} = {earliest}"]
        sql = (
            f"UPDATE {qn(meta.db_table)} SET {', '.join(sets)} "
            f"WHERE {qn(meta.pk.column)} = %s AND {column('version')} = %s "
            f"AND {column('status')} = %s RETURNING {column('deadline')}"
        )
        _TRANSITION_UPDATES[key] = sql
    return sql
