"""Reading the fields of the dishonesty-list steps: each bad value is a 400 naming its field."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from casework.errors import InvalidInput


def text(data: dict, name: str, limit: int, *, required: bool = True) -> str:
    value = data.get(name)
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(_("须为文本。"), field=name)
    value = value.strip()
    if required and not value:
        raise InvalidInput(_("必填。"), field=name)
    if len(value) > limit:
        raise InvalidInput(_("不得超过%(n)s个字符。") % {"n": limit}, field=name)
    return value


def boolean(data: dict, name: str) -> bool:
    value = data.get(name)
    if isinstance(value, bool):
        return value
    if value in (None, ""):
        return False
    if isinstance(value, str) and value.lower() in ("true", "1", "on", "yes"):
        return True
    if isinstance(value, str) and value.lower() in ("false", "0", "off", "no"):
        return False
    raise InvalidInput(_("须为是或否。"), field=name)


def day(data: dict, name: str) -> date | None:
    value = data.get(name)
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput(_("日期格式应为YYYY-MM-DD。"), field=name) from None


def past_day(data: dict, name: str, *, today: date, not_before: date, before_label: str):
    """A date no later than today and no earlier than `not_before` (None when absent)."""
    value = day(data, name)
    if value is None:
        return None
    if value > today:
        raise InvalidInput(_("不能晚于今天。"), field=name)
    if value < not_before:
        raise InvalidInput(
            _("不能早于%(what)s（%(d)s）。") % {"what": before_label, "d": not_before.isoformat()},
            field=name,
        )
    return value
