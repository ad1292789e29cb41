"""About forty employers (and gangmasters) that the demo cases are brought against."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from django.db import transaction

from casework.models import Employer
from permissions.models import Jurisdiction

from .context import FIXTURES, rng_for
from .identities import credit_code, person_name, phone

# (jurisdiction, name, sector, individual business?, on the dishonesty list?)
# Names ending in （包工头） are gangmasters: private persons, without a credit code.
# fmt: off
EMPLOYERS: tuple[tuple[str, str, str, bool, bool], ...] = (
    ("shizhong", "枣庄市鑫源建筑劳务有限公司", "construction", False, False),
    ("xuecheng", "山东恒泰建设工程有限公司", "construction", False, False),
    ("tengzhou", "滕州市宏达建筑劳务有限公司", "construction", False, True),
    ("shizhong", "枣庄市鲁南建工集团有限公司", "construction", False, False),
    ("yicheng", "峄城区永盛建筑安装工程有限公司", "construction", False, False),
    ("taierzhuang", "台儿庄区运河建筑劳务有限公司", "construction", False, False),
    ("shanting", "山亭区顺发建筑工程有限公司", "construction", False, False),
    ("gaoxin", "枣庄高新区中瑞建设工程有限公司", "construction", False, False),
    ("tengzhou", "滕州市金鼎钢结构工程有限公司", "construction", False, False),
    ("xuecheng", "薛城区华凯劳务分包有限公司", "construction", False, True),
    ("tengzhou", "山东墨子建设集团有限公司", "construction", False, False),
    ("shizhong", "枣庄市昌盛市政工程有限公司", "construction", False, False),
    ("shizhong", "枣庄宏远装饰工程有限公司", "decoration", False, False),
    ("tengzhou", "滕州市美家装饰设计有限公司", "decoration", False, False),
    ("xuecheng", "薛城区雅居装饰工程有限公司", "decoration", False, False),
    ("yicheng", "峄城区锦华装饰装修有限公司", "decoration", False, False),
    ("gaoxin", "枣庄高新区尚品装饰工程有限公司", "decoration", False, False),
    ("tengzhou", "滕州市顺达物流有限公司", "logistics", False, False),
    ("xuecheng", "枣庄市通运物流有限公司", "logistics", False, False),
    ("taierzhuang", "台儿庄区港航物流有限公司", "logistics", False, False),
    ("gaoxin", "枣庄高新区速达仓储物流有限公司", "logistics", False, False),
    ("shanting", "山亭区路通运输有限公司", "logistics", False, False),
    ("xuecheng", "薛城区家和家政服务有限公司", "housekeeping", False, False),
    ("shizhong", "枣庄市好帮手家政服务有限公司", "housekeeping", False, False),
    ("tengzhou", "滕州市康馨家政服务有限公司", "housekeeping", False, False),
    ("yicheng", "峄城区安心家政服务部", "housekeeping", True, False),
    ("xuecheng", "薛城区宏兴保洁服务有限公司", "housekeeping", False, False),
    ("tengzhou", "滕州市华宇机械制造有限公司", "manufacturing", False, False),
    ("yicheng", "枣庄市石榴园食品有限公司", "manufacturing", False, False),
    ("shanting", "山亭区山野农业开发有限公司", "agriculture", False, False),
    ("taierzhuang", "台儿庄区古城餐饮管理有限公司", "catering", False, False),
    ("gaoxin", "枣庄市绿源园林绿化工程有限公司", "construction", False, False),
    ("tengzhou", "滕州市鸿运搬家服务部", "logistics", True, False),
    ("shizhong", "市中区老王烧烤店", "catering", True, False),
    ("tengzhou", "王建国（包工头）", "construction", False, False),
    ("xuecheng", "李长河（包工头）", "construction", False, False),
    ("shizhong", "刘振华（包工头）", "decoration", False, False),
    ("yicheng", "孙德胜（包工头）", "construction", False, False),
    ("gaoxin", "赵永强（包工头）", "construction", False, False),
    ("shanting", "张广田（包工头）", "construction", False, False),
)
# fmt: on
ROADS = ("建设路", "光明路", "解放路", "人民路", "兴业路", "振兴路", "工业大道", "长江路")


@dataclass(frozen=True)
class DemoEmployer:
    jurisdiction: str
    name: str
    sector: str
    credit_code: str  # "" for a 包工头
    contact_name: str
    contact_phone: str
    address: str
    dishonest: bool


def is_gangmaster(name: str) -> bool:
    return name.endswith("（包工头）")


@cache
def demo_employers() -> tuple[DemoEmployer, ...]:
    """The demo employers, computed without the database so kinds can refer to them."""
    rng = rng_for("employers")
    with (FIXTURES / "zaozhuang-jurisdictions.csv").open(encoding="utf-8") as fh:
        division = {row["code"]: row["division_code"] for row in csv.DictReader(fh)}
    out = []
    for jur, name, sector, individual, dishonest in EMPLOYERS:
        code = credit_code(rng, division[jur], individual=individual)
        contact = person_name(rng)
        mobile = phone(rng)
        address = f"{rng.choice(ROADS)}{rng.randrange(1, 400)}号"
        if is_gangmaster(name):
            code, contact = "", name.removesuffix("（包工头）")
        out.append(DemoEmployer(jur, name, sector, code, contact, mobile, address, dishonest))
    return tuple(out)


def seed_employers() -> dict[str, int]:
    """About forty employers with valid credit codes (包工头 without one), if missing."""
    names = dict(Jurisdiction.objects.values_list("code", "name"))
    with transaction.atomic():
        codes = set(
            Employer.objects.exclude(credit_code=None).values_list("credit_code", flat=True)
        )
        uncoded = set(Employer.objects.filter(credit_code=None).values_list("name", flat=True))
        new = [
            Employer(
                name=e.name,
                credit_code=e.credit_code or None,
                contact_name=e.contact_name,
                contact_phone=e.contact_phone,
                address=f"枣庄市{names.get(e.jurisdiction, '')}{e.address}",
                dishonest=e.dishonest,
            )
            for e in demo_employers()
            if (e.credit_code and e.credit_code not in codes)
            or (not e.credit_code and e.name not in uncoded)
        ]
        Employer.objects.bulk_create(new)
    return {"employers": len(new)}
