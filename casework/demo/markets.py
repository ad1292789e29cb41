"""About forty gig markets around the Zaozhuang district seats."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from casework.models import FACILITIES, Market, MarketKind, MarketStatus
from permissions.models import Jurisdiction

from .context import rng_for

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
