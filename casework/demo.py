"""Demo data shared by every kind: organisation, users, gig markets and employers.

`manage.py seed_demo` calls the `seed_*` functions below, then each registered kind's
`KindSpec.demo` hook, which opens and walks its cases through the real actions. Everything
here is deterministic (seeded RNG) and idempotent: rows that exist are left alone.

Demo cases are walked "now" and then moved back in time by `backdate`. That rewrite is
done with queryset updates and only ever on demo data; the audit trail is never rewritten,
so its timestamps show when the demo was seeded.
"""

from __future__ import annotations

import csv
import random
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from viewflow.workflow.models import Process, Task

from casework import clocks
from casework.models import (
    FACILITIES,
    Attachment,
    Case,
    CaseParticipant,
    ClockPause,
    Employer,
    LegalClock,
    Market,
    MarketKind,
    MarketStatus,
    Notification,
    Payment,
    TimelineEntry,
)
from casework.validators import credit_code_check_char, id_check_digit
from permissions.models import Department, Jurisdiction, Membership, Role, Unit
from permissions.services import ensure_units, load_departments, load_jurisdictions, unit_name

SEED = 2026
FIXTURES = Path(settings.BASE_DIR) / "fixtures"
ROLES = (Role.OFFICER, Role.SUPERVISOR, Role.CLERK, Role.VIEWER)
# hrss handles most complaints: its district units get a second officer, so that workload
# balancing and reassignment have a choice to make.
SECOND_OFFICER_DEPARTMENT = "hrss"


def rng_for(stage: str) -> random.Random:
    """One independent, reproducible random stream per stage (a string seed is stable)."""
    return random.Random(f"{SEED}:{stage}")


@dataclass
class DemoContext:
    """What `seed_demo` hands to each kind's demo hook."""

    cases: int | None = None  # how many cases per kind; None: the kind's own default
    log: Callable[[str], None] = print


# --- people -----------------------------------------------------------------------------

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


# --- organisation and users -------------------------------------------------------------

# City-level bodies whose official names differ from the department pattern.
CITY_UNIT_NAMES = {"drc": "枣庄市发展和改革委员会", "health": "枣庄市卫生健康委员会"}


def seed_organisation() -> dict[str, int]:
    """Departments, the Zaozhuang jurisdictions and every department × jurisdiction unit."""
    with transaction.atomic():
        load_departments(FIXTURES / "departments.csv")
        created, _updated = load_jurisdictions(FIXTURES / "zaozhuang-jurisdictions.csv")
        units = ensure_units()
        for dept_code, name in CITY_UNIT_NAMES.items():
            unit = Unit.objects.filter(
                department__code=dept_code, jurisdiction__parent__isnull=True
            ).first()
            # Only rename a unit still carrying the generated name: an admin's edit stays.
            if (
                unit
                and unit.name != name
                and unit.name == unit_name(unit.department, unit.jurisdiction)
            ):
                unit.name = name
                unit.save(update_fields=["name"])
    return {"jurisdictions": created, "units": units}


def demo_usernames() -> list[tuple[str, str, str, str]]:
    """(username, department, jurisdiction, role) of every demo user but `admin`."""
    rows = []
    jurisdictions = list(Jurisdiction.objects.order_by("path").values_list("code", "depth"))
    departments = list(Department.objects.order_by("id").values_list("code", flat=True))
    for jur, depth in jurisdictions:
        for dept in departments:
            for role in ROLES:
                rows.append((f"{dept}.{role}.{jur}", dept, jur, role))
            if dept == SECOND_OFFICER_DEPARTMENT and depth > 0:
                rows.append((f"{dept}.officer2.{jur}", dept, jur, Role.OFFICER))
    return rows


def seed_users(password: str | None = None) -> dict[str, int]:
    """Create the missing demo users and memberships; existing ones are left as they are.

    The password is hashed once and the hash reused: hashing it ~230 times with the
    default PBKDF2 hasher would take minutes.
    """
    User = get_user_model()
    password = password or settings.DEMO_PASSWORD
    rng = rng_for("users")
    rows = demo_usernames()
    with transaction.atomic():
        hashed = make_password(password)
        existing = set(User.objects.values_list("username", flat=True))
        new_users = []
        if "admin" not in existing:
            new_users.append(
                User(
                    username="admin",
                    password=hashed,
                    first_name="系统管理员",
                    is_staff=True,
                    is_superuser=True,
                )
            )
        for username, *_ in rows:
            # Draw a name for every row, new or not, so names do not depend on what exists.
            name = person_name(rng)
            if username not in existing:
                new_users.append(User(username=username, password=hashed, first_name=name))
        User.objects.bulk_create(new_users)
        users = dict(
            User.objects.filter(username__in=[r[0] for r in rows]).values_list("username", "id")
        )
        units = {
            (dept, jur): uid
            for uid, dept, jur in Unit.objects.values_list(
                "id", "department__code", "jurisdiction__code"
            )
        }
        have = set(Membership.objects.values_list("user_id", "unit_id", "role"))
        memberships = []
        for username, dept, jur, role in rows:
            key = (users[username], units[(dept, jur)], str(role))
            if key not in have:
                have.add(key)
                memberships.append(Membership(user_id=key[0], unit_id=key[1], role=key[2]))
        Membership.objects.bulk_create(memberships)
    return {"users": len(new_users), "memberships": len(memberships)}


# --- gig markets ------------------------------------------------------------------------

PW, CO, IN = MarketKind.PUBLIC_WELFARE, MarketKind.COMMERCIAL, MarketKind.INFORMAL
REG, RECT, BAN, CLOSED = (
    MarketStatus.REGISTERED,
    MarketStatus.RECTIFYING,
    MarketStatus.BANNED,
    MarketStatus.CLOSED,
)

# (jurisdiction, name, kind, status, address, operator)
# fmt: off
MARKETS: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("shizhong", "市中区人力资源市场零工服务站", PW, REG, "光明路街道光明中路98号", ""),
    ("shizhong", "市中区青檀路零工市场", PW, REG, "青檀南路与文化路交叉口东50米", ""),
    ("shizhong", "市中区龙头路零工驿站", PW, REG, "龙山路街道龙头中路36号", "龙山路街道办事处"),
    ("shizhong", "市中区建设路劳务市场", CO, REG, "建设中路121号", "枣庄市鲁南人力资源服务有限公司"),
    ("shizhong", "市中区税郭镇零工服务点", PW, REG, "税郭镇政府驻地便民服务中心东侧", "税郭镇人民政府"),
    ("shizhong", "市中区振兴路口零工聚集点", IN, RECT, "振兴路与君山路交叉口", ""),
    ("shizhong", "市中区西王庄桥头自发零工点", IN, BAN, "西王庄镇桥头路段", ""),
    ("xuecheng", "薛城区临山路零工市场", PW, REG, "临城街道临山路与泰山路交叉口", ""),
    ("xuecheng", "薛城区新城街道零工驿站", PW, REG, "新城街道黄河路369号", "新城街道办事处"),
    ("xuecheng", "薛城区泰山路劳务市场", CO, REG, "泰山中路88号", "薛城区众诚劳务服务有限公司"),
    ("xuecheng", "薛城区常庄街道零工服务站", PW, REG, "常庄街道便民服务中心一楼", "常庄街道办事处"),
    ("xuecheng", "薛城区黄河路零工之家", CO, REG, "黄河路与燕山路交叉口西100米", "枣庄市安达人力资源有限公司"),
    ("xuecheng", "薛城区沙沟镇零工服务点", PW, REG, "沙沟镇政府驻地", "沙沟镇人民政府"),
    ("xuecheng", "薛城区长江路桥下零工聚集点", IN, RECT, "长江路蟠龙河桥下", ""),
    ("yicheng", "峄城区坛山街道零工市场", PW, REG, "坛山街道坛山路166号", ""),
    ("yicheng", "峄城区承水路零工驿站", PW, REG, "承水中路58号", "吴林街道办事处"),
    ("yicheng", "峄城区榴园镇零工服务点", PW, REG, "榴园镇政府驻地", "榴园镇人民政府"),
    ("yicheng", "峄城区峨山路劳务市场", CO, REG, "峨山路与承水路交叉口", "峄城区鑫诚劳务服务有限公司"),
    ("yicheng", "峄城区吴林街道路口零工聚集点", IN, RECT, "吴林街道北环路口", ""),
    ("taierzhuang", "台儿庄区运河街道零工市场", PW, REG, "运河街道华兴路116号", ""),
    ("taierzhuang", "台儿庄区华兴路零工驿站", PW, REG, "华兴路与金光路交叉口", "运河街道办事处"),
    ("taierzhuang", "台儿庄区泥沟镇零工服务点", PW, REG, "泥沟镇政府驻地", "泥沟镇人民政府"),
    ("taierzhuang", "台儿庄区金光路劳务市场", CO, CLOSED, "金光路62号", "台儿庄区通达劳务有限公司"),
    ("shanting", "山亭区山城街道零工市场", PW, REG, "山城街道府前东路20号", ""),
    ("shanting", "山亭区府前路零工驿站", PW, REG, "府前路与汉诺路交叉口", "山城街道办事处"),
    ("shanting", "山亭区店子镇零工服务点", PW, REG, "店子镇政府驻地", "店子镇人民政府"),
    ("shanting", "山亭区汉诺路口零工聚集点", IN, BAN, "汉诺路与翼云路交叉口", ""),
    ("tengzhou", "滕州市北辛街道零工驿站", PW, REG, "北辛街道北辛中路1号", "北辛街道办事处"),
    ("tengzhou", "滕州市人力资源市场零工服务中心", PW, REG, "荆河街道学院中路100号", ""),
    ("tengzhou", "滕州市善国路零工市场", PW, REG, "善国中路与平行路交叉口", ""),
    ("tengzhou", "滕州市龙泉街道零工驿站", PW, REG, "龙泉街道龙泉路215号", "龙泉街道办事处"),
    ("tengzhou", "滕州市解放路劳务市场", CO, REG, "解放中路77号", "滕州市安泰人力资源服务有限公司"),
    ("tengzhou", "滕州市杏坛路零工之家", CO, REG, "杏坛路与塔寺路交叉口", "滕州市鑫达劳务服务有限公司"),
    ("tengzhou", "滕州市官桥镇零工服务点", PW, REG, "官桥镇政府驻地", "官桥镇人民政府"),
    ("tengzhou", "滕州市塔寺路桥头零工聚集点", IN, RECT, "塔寺路荆河桥头", ""),
    ("tengzhou", "滕州市东沙河街道零工驿站", PW, REG, "东沙河街道便民服务中心", "东沙河街道办事处"),
    ("gaoxin", "高新区兴仁街道零工市场", PW, REG, "兴仁街道复元三路28号", ""),
    ("gaoxin", "高新区复元路零工驿站", PW, REG, "复元五路与德仁路交叉口", "兴仁街道办事处"),
    ("gaoxin", "高新区张范街道零工服务点", PW, REG, "张范街道便民服务中心", "张范街道办事处"),
    ("gaoxin", "高新区光明大道劳务市场", CO, REG, "光明大道2001号", "枣庄众鑫人力资源有限公司"),
    ("gaoxin", "高新区祁连山路口零工聚集点", IN, RECT, "祁连山路与锦水路交叉口", ""),
)
# fmt: on

OPENING_HOURS = {
    PW: ("05:00-11:00", "05:30-11:30", "05:00-11:00、14:00-17:00"),
    CO: ("05:30-18:00", "06:00-17:30"),
    IN: ("04:30-08:30（自发聚集）", "05:00-09:00（自发聚集）"),
}
FACILITY_KEYS = [key for key, _ in FACILITIES]


def seed_markets() -> dict[str, int]:
    """About forty gig markets around the district seats, created if missing (by name)."""
    rng = rng_for("markets")
    seats = {
        j.code: j
        for j in Jurisdiction.objects.filter(code__in={m[0] for m in MARKETS}).exclude(lon=None)
    }
    created = 0
    with transaction.atomic():
        existing = set(Market.objects.values_list("name", flat=True))
        new = []
        for jur, name, kind, status, address, operator in MARKETS:
            # Drawn for every row so that each market keeps its place whatever exists.
            dlon, dlat = rng.uniform(-0.05, 0.05), rng.uniform(-0.05, 0.05)
            hours = rng.choice(OPENING_HOURS[kind])
            if kind == PW:
                facilities = [f for f in FACILITY_KEYS if rng.random() < 0.9]
            elif kind == CO:
                facilities = [f for f in FACILITY_KEYS[:-1] if rng.random() < 0.7]
            else:
                facilities = [f for f in FACILITY_KEYS[:1] if rng.random() < 0.3]
            if name in existing:
                continue
            seat = seats[jur]
            if kind == PW and not operator:
                operator = f"{seat.name}人力资源和社会保障局"
            new.append(
                Market(
                    name=name,
                    kind=kind,
                    status=status,
                    jurisdiction=seat,
                    address=f"枣庄市{seat.name}{address}",
                    lon=(seat.lon + Decimal(f"{dlon:.6f}")).quantize(Decimal("0.000001")),
                    lat=(seat.lat + Decimal(f"{dlat:.6f}")).quantize(Decimal("0.000001")),
                    operator=operator,
                    facilities=facilities,
                    opening_hours=hours,
                )
            )
        Market.objects.bulk_create(new)
        created = len(new)
    return {"markets": created}


# --- employers --------------------------------------------------------------------------

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


# --- walking a case, then moving it back in time -----------------------------------------


@dataclass
class Walk:
    """Runs one demo case's steps through the real actions, remembering when each ran.

    Step k ran between `bounds[k]` and `bounds[k + 1]` (wall-clock time), so every row the
    step wrote can be told apart by its timestamp and moved to that step's demo time.
    Clock pauses carry dates only, so their state is noted after each step instead.
    """

    case_id: int | None = None
    bounds: list[datetime] = field(default_factory=list)
    pause_log: list[dict[int, date | None]] = field(default_factory=list)

    def step(self, fn: Callable[..., Any], **kwargs) -> Any:
        if not self.bounds:
            self.bounds.append(timezone.now())
        result = fn(**kwargs)
        if self.case_id is None:
            self.case_id = (result[0] if isinstance(result, tuple) else result).pk
        self.bounds.append(timezone.now())
        self.pause_log.append(
            dict(
                ClockPause.objects.filter(clock__case_id=self.case_id).values_list("id", "ended_on")
            )
        )
        return result

    @property
    def steps(self) -> int:
        return len(self.pause_log)


@dataclass
class Moves:
    """How far each step of a walk moved: its wall-clock time and day to its demo time."""

    bounds: list[datetime]
    deltas: list[timedelta]
    day_deltas: list[timedelta]

    def step_of(self, at: datetime) -> int:
        return min(max(bisect_right(self.bounds, at) - 1, 0), len(self.deltas) - 1)

    def at(self, value: datetime | None) -> datetime | None:
        return None if value is None else value + self.deltas[self.step_of(value)]

    def day(self, value: date | None, step: int) -> date | None:
        return None if value is None else value + self.day_deltas[step]


def backdate(
    walk: Walk,
    times: list[datetime],
    *,
    details: Callable[[dict, Moves], dict] | None = None,
    read_after: timedelta = timedelta(days=3),
) -> Moves:
    """Move every row a walk wrote to the demo time of the step that wrote it.

    `times[k]` is when step k is to have happened. Moves the case's dates, timeline,
    clocks (start, pauses, stop; due dates recomputed against the holiday calendar),
    payments, participants, attachments, workflow rounds and tasks and notifications, then
    the binding deadline.
    Notifications older than `read_after` are marked sent and read, as their users would
    have. `details` may rewrite the kind's own dates in `Case.details`. Demo data only:
    these are bulk updates outside the actions, and audit events keep their real times.
    """
    if len(times) != walk.steps:
        raise ValueError(f"{walk.steps} steps ran but {len(times)} times were given")
    tz = timezone.get_current_timezone()
    moves = Moves(
        bounds=walk.bounds,
        deltas=[times[k] - walk.bounds[k] for k in range(walk.steps)],
        day_deltas=[
            timezone.localdate(times[k], tz) - timezone.localdate(walk.bounds[k], tz)
            for k in range(walk.steps)
        ],
    )
    now = timezone.now()
    today = timezone.localdate(now)
    started: dict[int, int] = {}
    ended: dict[int, int] = {}
    for k, log in enumerate(walk.pause_log):
        for pause_id, ended_on in log.items():
            started.setdefault(pause_id, k)
            if ended_on is not None:
                ended.setdefault(pause_id, k)
    with transaction.atomic():
        case = Case.objects.get(pk=walk.case_id)
        entries = list(TimelineEntry.objects.filter(case=case))
        for e in entries:
            e.at = moves.at(e.at)
        TimelineEntry.objects.bulk_update(entries, ["at"])

        clock_rows = list(LegalClock.objects.filter(case=case).prefetch_related("pauses"))
        pauses = []
        for c in clock_rows:
            k = moves.step_of(c.created_at)
            c.start_date = moves.day(c.start_date, k)
            c.fixed_due = moves.day(c.fixed_due, k)
            c.created_at = moves.at(c.created_at)
            c.stopped_at = moves.at(c.stopped_at)
            for p in c.pauses.all():
                p.started_on = moves.day(p.started_on, started.get(p.pk, k))
                if p.ended_on is not None:
                    p.ended_on = moves.day(p.ended_on, ended.get(p.pk, walk.steps - 1))
                pauses.append(p)
            # A stopped clock is read as of its stop: a pause it ended in stops counting too.
            as_of = timezone.localdate(c.stopped_at, tz) if c.stopped_at else today
            c.due_date = clocks.compute_due(c, as_of)
        ClockPause.objects.bulk_update(pauses, ["started_on", "ended_on"])
        LegalClock.objects.bulk_update(
            clock_rows,
            ["start_date", "fixed_due", "created_at", "stopped_at", "due_date", "excluded_units"],
        )

        payments = list(Payment.objects.filter(case=case))
        for pay in payments:
            pay.paid_on = moves.day(pay.paid_on, moves.step_of(pay.created_at))
            pay.created_at = moves.at(pay.created_at)
        Payment.objects.bulk_update(payments, ["paid_on", "created_at"])

        for queryset, fields in (
            (CaseParticipant.objects.filter(case=case), ["added_at"]),
            (Attachment.objects.filter(case=case), ["created_at"]),
            # The viewflow rounds and steps: inboxes show since when a step has waited.
            (Process.objects.filter(caseprocess__case=case), ["created", "finished"]),
            (
                Task.objects.filter(process__caseprocess__case=case),
                ["created", "assigned", "started", "finished"],
            ),
        ):
            rows = list(queryset)
            for row in rows:
                for f in fields:
                    setattr(row, f, moves.at(getattr(row, f)))
            queryset.model.objects.bulk_update(rows, fields)

        notes = list(Notification.objects.filter(case=case).only("pk", "created_at"))
        for n in notes:
            n.created_at = moves.at(n.created_at)
        Notification.objects.bulk_update(notes, ["created_at"])
        # Conditional updates: a relay that pushed a notification meanwhile keeps its mark.
        old = Notification.objects.filter(
            pk__in=[n.pk for n in notes if now - n.created_at > read_after]
        )
        old.filter(sent_at=None).update(sent_at=F("created_at"))
        old.filter(read_at=None).update(read_at=F("created_at") + timedelta(hours=2))

        Case.objects.filter(pk=case.pk).update(
            submitted_at=moves.at(case.submitted_at),
            closed_at=moves.at(case.closed_at),
            updated_at=times[-1],
            deadline=clocks.binding_deadline(case),
            details=details(case.details, moves) if details else case.details,
        )
    return moves
