"""Chinese identifiers: resident ID numbers (GB 11643), unified social credit codes
(GB 32100), mobile numbers, and masking.

Check characters are computed here from the standards' own definitions (weights 2^(17-i)
mod 11 and 3^i mod 31), independently of the code under test.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from casework.validators import (
    credit_code_check_char,
    id_check_digit,
    mask_id_number,
    mask_phone,
    normalise_credit_code,
    normalise_id_number,
    normalise_phone,
    validate_credit_code,
    validate_id_number,
    validate_phone,
)

ID_WEIGHTS = [pow(2, 17 - i, 11) for i in range(17)]
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, S, V, Z
USCC_WEIGHTS = [pow(3, i, 31) for i in range(17)]


def ref_id_check(first17: str) -> str:
    return "10X98765432"[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def ref_uscc_check(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def _code(exc: pytest.ExceptionInfo) -> str:
    return exc.value.code


# --- ID numbers --------------------------------------------------------------------------

VALID_IDS = [
    "11010519491231002X",  # GB 11643's own example: check digit X
    "370402199003071234",  # 枣庄市市中区, born 1990-03-07
    "370403198511110027",  # 薛城区, born 1985-11-11
    "370402200002294562",  # born on a leap day
]


def test_reference_weights_are_the_standard_ones():
    assert ID_WEIGHTS == [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    assert len(USCC_ALPHABET) == 31
    assert USCC_WEIGHTS == [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


@pytest.mark.parametrize("value", VALID_IDS)
def test_valid_id_numbers(value):
    assert ref_id_check(value[:17]) == value[17]
    validate_id_number(value)
    assert id_check_digit(value[:17]) == value[17]


def test_lower_case_x_and_spaces_are_normalised():
    validate_id_number(" 11010519491231002x ")
    assert normalise_id_number(" 11010519491231002x ") == "11010519491231002X"


def test_full_width_digits_are_normalised_to_ascii():
    full = "３７０４０２１９９００３０７１２３４"
    validate_id_number(full)
    assert normalise_id_number(full) == "370402199003071234"
    assert normalise_phone("１３８ １２３４ ５６７８") == "13812345678"
    validate_phone("１３８１２３４５６７８")


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("37040219900307123", "format"),  # 17 characters
        ("3704021990030712345", "format"),  # 19 characters
        ("3704021990030712X4", "format"),  # X only as the check digit
        ("370402199003071235", "check_digit"),
        ("11010519491231002Y", "format"),
        ("110105194912310021", "check_digit"),  # should be X
        ("370402199002301234", "birth_date"),  # 2-30 (check digit irrelevant)
        ("370402199013071234", "birth_date"),  # month 13
        ("370402190002291234", "birth_date"),  # 1900 was not a leap year
        ("370402300001011234", "birth_date"),  # born in the future
        ("370402189912311234", "birth_date"),  # before 1900
        ("", "format"),
        ("٣٧٠٤٠٢١٩٩٠٠٣٠٧١٢٣٤", "format"),  # Arabic-Indic digits are not an ID number
    ],
)
def test_invalid_id_numbers(value, code):
    with pytest.raises(ValidationError) as exc:
        validate_id_number(value)
    assert _code(exc) == code


digits17 = st.text(alphabet="0123456789", min_size=17, max_size=17)


def _with_valid_birth(first17: str, birth: str) -> str:
    return first17[:6] + birth + first17[14:]


births = st.dates(min_value=date(1900, 1, 1), max_value=date.today())


@given(first=digits17, born=births)
def test_any_17_digits_with_their_check_digit_are_valid(first, born):
    first = _with_valid_birth(first, born.strftime("%Y%m%d"))
    value = first + ref_id_check(first)
    validate_id_number(value)
    assert mask_id_number(value) == value[:4] + "*" * 10 + value[-4:]


@given(first=digits17, born=births, last=st.sampled_from("0123456789X"))
def test_any_other_check_digit_is_invalid(first, born, last):
    first = _with_valid_birth(first, born.strftime("%Y%m%d"))
    if last == ref_id_check(first):
        last = "X" if last != "X" else "0"
    with pytest.raises(ValidationError) as exc:
        validate_id_number(first + last)
    assert _code(exc) == "check_digit"


# --- unified social credit codes ---------------------------------------------------------

# Computed with the reference above: registration authority 9 (工商), kind 1 (企业),
# division 370400 / 370403 (枣庄 / 薛城), then a 9-character organisation code.
VALID_CODES = [
    "91370400MA3C12345Q",
    "91350100M000100Y43",
    "123704000040123452",  # 1 (机构编制) 2 (事业单位)
]


@pytest.mark.parametrize("value", VALID_CODES)
def test_valid_credit_codes(value):
    assert ref_uscc_check(value[:17]) == value[17]
    assert credit_code_check_char(value[:17]) == value[17]
    validate_credit_code(value)
    validate_credit_code(value.lower())
    assert normalise_credit_code(f" {value.lower()} ") == value


@pytest.mark.parametrize("letter", ["I", "O", "Z", "S", "V"])
def test_letters_outside_the_alphabet_are_rejected(letter):
    # Put the letter in the organisation code and give the rest a would-be check char.
    value = "91370400MA3C1234" + letter
    with pytest.raises(ValidationError) as exc:
        validate_credit_code(value + "0")
    assert _code(exc) == "format"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("91370400MA3C12345R", "check_digit"),
        ("91350100M000100Y44", "check_digit"),
        ("91370400MA3C12345", "format"),  # 17 characters
        ("91370400MA3C12345QQ", "format"),
        ("91370400MA3C1234-Q", "format"),
        ("", "format"),
    ],
)
def test_invalid_credit_codes(value, code):
    with pytest.raises(ValidationError) as exc:
        validate_credit_code(value)
    assert _code(exc) == code


uscc17 = st.text(alphabet=USCC_ALPHABET, min_size=17, max_size=17)


@given(first=uscc17)
def test_any_credit_code_with_its_check_char_is_valid(first):
    validate_credit_code(first + ref_uscc_check(first))


@given(first=uscc17, last=st.sampled_from(USCC_ALPHABET))
def test_any_other_check_char_is_invalid(first, last):
    if last == ref_uscc_check(first):
        last = USCC_ALPHABET[(USCC_ALPHABET.index(last) + 1) % 31]
    with pytest.raises(ValidationError) as exc:
        validate_credit_code(first + last)
    assert _code(exc) == "check_digit"


# --- mobile numbers ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["13812345678", "19912345678", "+86 138-1234-5678", "138 1234 5678", "+8615012345678"]
)
def test_valid_phones(value):
    validate_phone(value)
    assert len(normalise_phone(value)) == 11


@pytest.mark.parametrize(
    "value",
    ["12812345678", "1381234567", "138123456789", "23812345678", "1381234567a", "", "010-12345678"],
)
def test_invalid_phones(value):
    with pytest.raises(ValidationError):
        validate_phone(value)


@given(
    rest=st.text(alphabet="0123456789", min_size=9, max_size=9), second=st.sampled_from("3456789")
)
def test_any_mainland_mobile_is_valid(rest, second):
    validate_phone(f"1{second}{rest}")


# --- masking -----------------------------------------------------------------------------


def test_masking_shapes():
    assert mask_id_number("370402199003071234") == "3704**********1234"
    assert mask_id_number("11010519491231002X") == "1101**********002X"
    assert mask_id_number("") == ""
    assert mask_id_number("1234") == "****"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("") == ""
    assert mask_phone("12345") == "*****"
