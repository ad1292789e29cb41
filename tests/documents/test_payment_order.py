"""The 限期支付指令书 as the employer reads it: the rule it broke (劳动法 §50) apart from the
power to order (劳动保障监察条例 §26), the wages apart from 加付赔偿金 when the order
includes it (and no threat of the 赔偿金 already ordered), the remedies, and the workers
listed under 涉及劳动者 without the employer."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from casework.models import Document
from tests.disputes.walk import fire

from .pdf import pdf_text

THREAT = "按应付金额百分之五十以上一倍以下的标准责令你单位加付赔偿金"
REMEDY = "自收到本指令书之日起六十日内依法申请行政复议，或者在六个月内依法向人民法院提起行政诉讼"


def _order(case, actors, **data) -> str:
    fire(case.pk, "accept", actors)
    due = (timezone.localdate() + timedelta(days=15)).isoformat()
    fire(case.pk, "order_payment", actors, {"due_date": due, **data})
    document = Document.objects.get(case=case, name="payment_order")
    with document.file.open("rb") as fh:
        return pdf_text(fh.read())


def test_an_order_of_wages_cites_the_rule_broken_and_the_power_to_order(wage_case, actors):
    body = _order(wage_case, actors, amount="5000.00")
    assert "违反了《中华人民共和国劳动法》第五十条的规定" in body
    assert "根据《劳动保障监察条例》第二十六条的规定，现责令你单位" in body
    assert "违反了《劳动保障监察条例》第二十六条" not in body
    assert "前支付劳动者工资5,000.00元，并将支付情况书面报告本机关" in body
    assert THREAT in body
    assert REMEDY in body


def test_compensation_is_stated_apart_from_the_wages_and_not_threatened(wage_case, actors):
    body = _order(wage_case, actors, amount="7500.00", excess_reason="compensation")
    assert "支付劳动者工资5,000.00元及加付赔偿金2,500.00元，合计7,500.00元" in body
    assert "工资7,500.00元" not in body
    assert "《劳动保障监察条例》第二十六条、《中华人民共和国劳动合同法》第八十五条" in body
    assert THREAT not in body
    assert "逾期不支付的，本机关将依法处理" in body
    assert REMEDY in body


def test_wages_of_workers_not_listed_are_wages(wage_case, actors):
    body = _order(wage_case, actors, amount="8000.00", excess_reason="other_workers")
    assert "支付劳动者工资8,000.00元，" in body
    assert THREAT in body


def test_another_sum_above_the_wages_is_named_with_its_explanation(wage_case, actors):
    body = _order(
        wage_case, actors, amount="6000.00", excess_reason="other", excess_note="垫付的交通费"
    )
    assert "劳动者工资5,000.00元及其他款项1,000.00元（垫付的交通费），合计6,000.00元" in body


def test_the_workers_heading_lists_the_workers_only(wage_case, actors):
    body = _order(wage_case, actors, amount="5000.00")
    workers = body.split("涉及劳动者")[1].split("逾期不支付")[0]
    assert workers.startswith("投诉人：张三，身份证号码：1101**********002X")
    assert "用人单位" not in workers and "枣庄某建筑劳务有限公司" not in workers
    # The employer is still identified, with its credit code, before the heading.
    assert "用人单位：枣庄某建筑劳务有限公司，统一社会信用代码：" in body.split("涉及劳动者")[0]
