"""Transition payloads every kind shares. Pages and the API validate with these classes.

A kind's own payloads subclass them (`class OrderPaymentPayload(CommentPayload)`), so a
comment or a reason means the same field, label and limit on every case.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

# The longest comment or reason an officer types into one transition.
TEXT_MAX = 2000


# How far from today an officer may set a date of the case's future (a deadline, an
# appointment, an operation's days): a date beyond is a typo (2207 for 2027), and the legal
# calendar's arithmetic on it (a re-inspection five working days after a deadline) must stay
# clear of the last date a date can hold.
REACH_YEARS = 2


def years_from(day: date, years: int) -> date:
    """The same day `years` years on (or back); 29 February becomes the 28th."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def within_reach(value: date) -> date:
    """`value`, if it lies within `REACH_YEARS` years of today either way; a field's
    `validate_<name>` calls it after its own rule (not before today, …)."""
    today = timezone.localdate()
    latest, earliest = years_from(today, REACH_YEARS), years_from(today, -REACH_YEARS)
    if value > latest:
        raise serializers.ValidationError(
            _("日期不能晚于%(date)s（今天起两年以内）。") % {"date": latest.isoformat()}
        )
    if value < earliest:
        raise serializers.ValidationError(
            _("日期不能早于%(date)s（两年以前）。") % {"date": earliest.isoformat()}
        )
    return value


class CommentPayload(serializers.Serializer):
    comment = serializers.CharField(
        label=_("意见"), required=False, allow_blank=True, max_length=TEXT_MAX
    )


class ReasonPayload(CommentPayload):
    reason = serializers.CharField(label=_("理由"), max_length=TEXT_MAX)


def served_on_field(label=None, help_text=None) -> serializers.DateField:
    """The date a document was served (送达) or received, where a period runs from it:
    optional, today when left out."""
    return serializers.DateField(
        label=label or _("送达日期"),
        default=timezone.localdate,
        help_text=help_text or _("文书送达（收到）之日；留空为今天"),
    )


class ServedOnPayload(serializers.Serializer):
    """A step whose legal period runs from the service or receipt of a document: the date is
    recorded, and the step starts the period's clock from it. A kind's payload mixes it in
    and may redeclare `served_on` with its own label (`served_on_field`)."""

    served_on = served_on_field()

    def validate_served_on(self, value: date) -> date:
        if value > timezone.localdate():
            raise serializers.ValidationError(_("送达日期不能晚于今天。"))
        case = self.context.get("case")
        if case is not None and value < timezone.localdate(case.submitted_at):
            raise serializers.ValidationError(
                _("送达日期不能早于案件登记日期（%(date)s）。")
                % {"date": timezone.localdate(case.submitted_at).isoformat()}
            )
        return value


@extend_schema_field(OpenApiTypes.INT)
class IdChoiceField(serializers.ChoiceField):
    """A choice among rows of the database (units, markets). The choices are read from
    `choices_from()` when the field first validates or renders, not when its serializer is
    built: the API schema is generated (and checked by `manage.py check`) without a
    database, and calls the field an id, since the rows are data, not the contract."""

    def __init__(self, choices_from: Callable[[], list], **kwargs) -> None:
        self.choices_from = None  # the empty choices below are set, not read
        super().__init__(choices=(), **kwargs)
        self.choices_from = choices_from

    @property
    def choices(self):
        if self.choices_from is not None:
            source, self.choices_from = self.choices_from, None
            serializers.ChoiceField.choices.fset(self, source())
        return serializers.ChoiceField.choices.fget(self)

    @choices.setter
    def choices(self, value) -> None:
        serializers.ChoiceField.choices.fset(self, value)

    def to_internal_value(self, data):
        self.choices  # noqa: B018  (read them first)
        return super().to_internal_value(data)

    def to_representation(self, value):
        self.choices  # noqa: B018
        return super().to_representation(value)

    def iter_options(self):
        self.choices  # noqa: B018
        return super().iter_options()
