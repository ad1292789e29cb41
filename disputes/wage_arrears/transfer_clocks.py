"""The clocks of a wage case's transfer to the police that 国务院令第310号《行政执法机关移送涉嫌
犯罪案件的规定》 sets (§5, §9, §12); the steps that start and stop them are in
police_transfer.py, the procuratorate's (§9 ¶2) in supervision.py."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _l

from casework.kinds import ClockSpec

TRANSFER_APPROVAL = ClockSpec(
    code="transfer_approval",
    title=_l("移送审批期限"),
    legal_basis=_l(
        "《行政执法机关移送涉嫌犯罪案件的规定》第五条：行政执法机关正职负责人或者主持工作的"
        "负责人应当自接到报告之日起3日内作出批准移送或者不批准移送的决定"
    ),
    day_unit="calendar",
    days=3,
    start_event=_l("接到移送涉嫌犯罪案件书面报告之日"),
    owner="hrss",
)
TRANSFER_DELIVERY = ClockSpec(
    code="transfer_delivery",
    title=_l("批准后移送期限"),
    legal_basis=_l(
        "《行政执法机关移送涉嫌犯罪案件的规定》第五条：决定批准的，应当在24小时内向同级公安机关移送"
    ),
    day_unit="calendar",
    days=1,
    start_event=_l("批准移送之日（24小时以次日届满计）"),
    owner="hrss",
)
RECONSIDERATION_REQUEST = ClockSpec(
    code="reconsideration_request",
    title=_l("提请复议期限"),
    legal_basis=_l(
        "《行政执法机关移送涉嫌犯罪案件的规定》第九条：行政执法机关接到公安机关不予立案的"
        "通知书后，认为依法应当由公安机关决定立案的，可以自接到不予立案通知书之日起3日内，"
        "提请作出不予立案决定的公安机关复议"
    ),
    day_unit="calendar",
    days=3,
    start_event=_l("接到不予立案通知书之日"),
    owner="hrss",
)
RECONSIDERATION_ANSWER = ClockSpec(
    code="reconsideration_answer",
    title=_l("复议决定期限"),
    legal_basis=_l(
        "《行政执法机关移送涉嫌犯罪案件的规定》第九条：作出不予立案决定的公安机关应当自收到"
        "行政执法机关提请复议的文件之日起3日内作出立案或者不予立案的决定"
    ),
    day_unit="calendar",
    days=3,
    start_event=_l("收到提请复议文件之日"),
    owner="police",
)
MATERIALS_HANDOVER = ClockSpec(
    code="materials_handover",
    title=_l("移交涉案材料期限"),
    legal_basis=_l(
        "《行政执法机关移送涉嫌犯罪案件的规定》第十二条：行政执法机关对公安机关决定立案的"
        "案件，应当自接到立案通知书之日起3日内将涉案物品以及与案件有关的其他材料移交公安"
        "机关，并办结交接手续"
    ),
    day_unit="calendar",
    days=3,
    start_event=_l("接到立案通知书之日"),
    owner="hrss",
)
