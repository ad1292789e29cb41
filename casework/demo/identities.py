"""Made-up but valid identities: person names, resident ID numbers, mobile numbers and
unified social credit codes of Zaozhuang."""

from __future__ import annotations

import random
from datetime import date, timedelta

from casework.validators import credit_code_check_char, id_check_digit

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
    "苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦褚"
)
# The most common surnames, weighted as they are in Shandong.
COMMON_SURNAMES = "王王王李李李张张张刘刘刘孙孙赵杨陈"
GIVEN_CHARS = (
    "建国军华明伟强磊洋勇艳杰娟涛超秀英霞平刚桂兰芳玉敏静丽红德胜永福海波鹏飞志宏"
    "文斌庆春梅凤云峰亮广田振兴长河金山玲燕倩雪凯龙新民学忠家乐成立春晓宇浩然子涵"
)
MOBILE_PREFIXES = (
    "130 131 132 133 134 135 136 137 138 139 150 151 152 153 155 156 157 158 159 "
    "166 173 175 176 177 178 180 181 182 183 184 185 186 187 188 189 198 199"
).split()
# County-level division codes of Zaozhuang (GB/T 2260), for ID numbers.
ZAOZHUANG_COUNTIES = ("370402", "370403", "370404", "370405", "370406", "370481")


def person_name(rng: random.Random) -> str:
    surname = rng.choice(COMMON_SURNAMES) if rng.random() < 0.45 else rng.choice(SURNAMES)
    given = "".join(rng.choice(GIVEN_CHARS) for _ in range(rng.choice((1, 2, 2, 2))))
    return surname + given


def id_number(rng: random.Random, *, born_from: int = 1962, born_to: int = 2004) -> str:
    """A resident ID number of a Zaozhuang county with a valid GB 11643 check digit."""
    born = date(born_from, 1, 1) + timedelta(
        days=rng.randrange((date(born_to, 12, 31) - date(born_from, 1, 1)).days)
    )
    first17 = f"{rng.choice(ZAOZHUANG_COUNTIES)}{born:%Y%m%d}{rng.randrange(1000):03d}"
    return first17 + id_check_digit(first17)


def phone(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def _org_code(body: str) -> str:
    """Organisation code (GB 11714): eight characters and their check character."""
    total = sum(
        (int(c) if c.isdigit() else ord(c) - 55) * w
        for c, w in zip(body, _ORG_WEIGHTS, strict=True)
    )
    check = 11 - total % 11
    return body + ("X" if check == 10 else "0" if check == 11 else str(check))


def credit_code(rng: random.Random, division_code: str, *, individual: bool = False) -> str:
    """A unified social credit code (GB 32100): 9 = registered by market regulation,
    1 = enterprise / 2 = individual business, the division code, the organisation code and
    the MOD 31 check character."""
    if rng.random() < 0.7:
        body = "MA" + "".join(rng.choice(_USCC_ALPHABET) for _ in range(6))
    else:
        body = f"{rng.randrange(10**8):08d}"
    first17 = f"9{2 if individual else 1}{division_code}{_org_code(body)}"
    return first17 + credit_code_check_char(first17)
