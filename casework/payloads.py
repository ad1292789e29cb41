"""Transition payloads every kind shares. Pages and the API validate with these classes.

A kind's own payloads subclass them (`class OrderPaymentPayload(CommentPayload)`), so a
comment or a reason means the same field, label and limit on every case.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

# The longest comment or reason an officer types into one transition.
TEXT_MAX = 2000
# The largest sum one money figure may hold (10亿元): more is a slip of the keyboard, not a
# wage claim, agreement or fine a district unit handles (docs/payments.md).
AMOUNT_MAX = Decimal("1000000000.00")

# A sum of yuan as people write it: digits, optionally grouped by thousands ("8,600"), and
# at most two decimals. ASCII, or \d would take other scripts' digits.
MONEY_RE = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{1,2})?$", re.ASCII)
# The same rule for a form's `pattern` attribute (the browser anchors it itself).
MONEY_PATTERN = r"[0-9]{1,3}(,[0-9]{3})+(\.[0-9]{1,2})?|[0-9]+(\.[0-9]{1,2})?"
MONEY_INVALID = _("金额只能填数字，最多两位小数，例如 8600.50。")


class MoneyField(serializers.DecimalField):
    """A sum of money typed by a person, in yuan to the fen: plain digits with at most two
    decimals ("8600.50"), a thousands separator allowed ("8,600.50"), full-width digits of a
    Chinese input method read as ASCII. DRF's DecimalField also takes exponent notation
    ("1e5" as 100,000, which made a complaint collective), signs, "NaN" and "Infinity":
    here those are a plain error on the field. A JSON number is read by its decimal text.
    Pages draw it as a text input with a decimal keypad, so what was typed comes back with
    its error (`casework.forms`)."""

    default_error_messages = {
        "invalid": MONEY_INVALID,
        "max_digits": MONEY_INVALID,
        "max_decimal_places": MONEY_INVALID,
        "max_whole_digits": MONEY_INVALID,
        "max_string_length": MONEY_INVALID,
        "min_value": _("金额不能少于 {min_value} 元。"),
        "max_value": _("金额不能超过 {max_value} 元。"),
    }

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, str | int | float | Decimal):
            self.fail("invalid")
        text = unicodedata.normalize("NFKC", str(data))
        text = re.sub(r"\s", "", text)
        if len(text) > 40 or not MONEY_RE.match(text):
            self.fail("invalid")
        return super().to_internal_value(text.replace(",", ""))


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
