"""The organisation: jurisdictions, departments, units and who holds which role where."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Jurisdiction(models.Model):
    """A node of the administrative-division tree (city, district, ...).

    `path` is the materialised path of codes ("city/xuecheng/") so that a subtree is one
    indexed prefix query instead of a recursive walk.
    """

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=60)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    division_code = models.CharField(_("区划代码"), max_length=12, blank=True)
    lon = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    lat = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    path = models.CharField(max_length=400, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def compute_path(self) -> None:
        if self.parent_id:
            self.path = f"{self.parent.path}{self.code}/"
            self.depth = self.parent.depth + 1
        else:
            self.path = f"{self.code}/"
            self.depth = 0

    def save(self, *args, **kwargs):
        self.compute_path()
        super().save(*args, **kwargs)

    def is_ancestor_of(self, other: Jurisdiction) -> bool:
        return other.path.startswith(self.path)


class Department(models.Model):
    code = models.SlugField(_("代码"), max_length=20, unique=True)
    name = models.CharField(_("名称"), max_length=60)
    short_name = models.CharField(_("简称"), max_length=20)
    city_unit_name_pattern = models.CharField(max_length=80, default="{jurisdiction}{name}")

    class Meta:
        verbose_name = _("部门")
        verbose_name_plural = _("部门")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """A department in one jurisdiction, e.g. 薛城区人力资源和社会保障局. Cases belong to units."""

    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="units")
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="units")
    name = models.CharField(_("名称"), max_length=120)
    # Copied from the jurisdiction so that subtree scoping of cases is one indexed column.
    jurisdiction_path = models.CharField(max_length=400, db_index=True, editable=False)

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        constraints = [
            models.UniqueConstraint(
                fields=["department", "jurisdiction"], name="unit_unique_dept_jur"
            )
        ]
        ordering = ["jurisdiction__path", "department_id"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.jurisdiction_path = self.jurisdiction.path
        super().save(*args, **kwargs)

    @property
    def parent_unit(self) -> Unit | None:
        """The same department one level up (the unit that supervises this one)."""
        parent = self.jurisdiction.parent
        if parent is None:
            return None
        return Unit.objects.filter(department_id=self.department_id, jurisdiction=parent).first()


class Role(models.TextChoices):
    OFFICER = "officer", _("承办人")
    SUPERVISOR = "supervisor", _("审批人")
    CLERK = "clerk", _("登记分派员")
    VIEWER = "viewer", _("领导查看")


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    active = models.BooleanField(_("有效"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("任职")
        verbose_name_plural = _("任职")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique")
        ]
        indexes = [models.Index(fields=["unit", "role", "active"])]

    def __str__(self) -> str:
        return f"{self.user} @ {self.unit} ({self.get_role_display()})"
