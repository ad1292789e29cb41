"""Validators for Chinese identifiers: ID numbers (GB 11643), credit codes (GB 32100), phones."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
# ASCII: without it \d also matches other scripts' digits (e.g. Arabic-Indic), which int()
# accepts, so such an ID would pass and be stored as typed.
_ID_RE = re.compile(r"^\d{17}[\dX]$", re.ASCII)


def _nfkc(value: str) -> str:
    # Full-width digits and letters (１２３, Ｘ) typed with a Chinese input method become ASCII.
    return unicodedata.normalize("NFKC", value or "")


def id_check_digit(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def normalise_id_number(value: str) -> str:
    return _nfkc(value).strip().upper()


def validate_id_number(value: str) -> None:
    """A resident ID number: 18 characters, a real birth date, GB 11643 MOD 11-2 check digit."""
    v = normalise_id_number(value)
    if not _ID_RE.match(v):
        raise ValidationError(_("身份证号码应为18位，前17位为数字，末位为数字或X。"), code="format")
    try:
        born = date(int(v[6:10]), int(v[10:12]), int(v[12:14]))
    except ValueError:
        raise ValidationError(_("身份证号码中的出生日期无效。"), code="birth_date") from None
    if born.year < 1900 or born > date.today():
        raise ValidationError(_("身份证号码中的出生日期无效。"), code="birth_date")
    if id_check_digit(v[:17]) != v[17]:
        raise ValidationError(_("身份证号码校验位错误。"), code="check_digit")


_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_RE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{18}$")


def credit_code_check_char(first17: str) -> str:
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return _USCC_CHARS[(31 - total % 31) % 31]


def normalise_credit_code(value: str) -> str:
    return _nfkc(value).strip().upper()


def validate_credit_code(value: str) -> None:
    """A unified social credit code: 18 characters of GB 32100's alphabet, MOD 31 check char."""
    v = normalise_credit_code(value)
    if not _USCC_RE.match(v):
        raise ValidationError(
            _("统一社会信用代码应为18位数字或大写字母（不含I、O、Z、S、V）。"), code="format"
        )
    if credit_code_check_char(v[:17]) != v[17]:
        raise ValidationError(_("统一社会信用代码校验位错误。"), code="check_digit")


def normalise_tracking_number(value: str) -> str:
    """A tracking number as a complainant types it: full-width letters and digits made
    ASCII, blanks (copied groups, an IME's full-width space) removed, upper case."""
    return re.sub(r"\s", "", _nfkc(value)).upper()


def normalise_access_code(value: str) -> str:
    """An access code as typed: full-width digits made ASCII, blanks removed ("4633 8038")."""
    return re.sub(r"\s", "", _nfkc(value))


_PHONE_RE = re.compile(r"^1[3-9]\d{9}$", re.ASCII)


def normalise_phone(value: str) -> str:
    v = re.sub(r"[\s-]", "", _nfkc(value))
    if v.startswith("+86"):
        v = v[3:]
    return v


def validate_phone(value: str) -> None:
    """A mainland mobile number: 11 digits starting 13–19."""
    if not _PHONE_RE.match(normalise_phone(value)):
        raise ValidationError(_("请输入11位中国大陆手机号码。"), code="format")


def mask_id_number(value: str) -> str:
    if not value:
        return ""
    return (
        f"{value[:4]}{'*' * (len(value) - 8)}{value[-4:]}" if len(value) > 8 else "*" * len(value)
    )


def mask_phone(value: str) -> str:
    if not value:
        return ""
    return f"{value[:3]}****{value[-4:]}" if len(value) >= 11 else "*" * len(value)


def mask_name(value: str) -> str:
    if not value:
        return ""
    return value[0] + "*" * (len(value) - 1) if len(value) > 1 else value
