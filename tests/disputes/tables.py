"""The transition tables of labour-dispute mediation and discrimination complaints."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from .kind_walk import KindTable

LABOUR = KindTable(
    kind="labour_dispute",
    states=["applied", "accepted", "mediating", "agreed", "failed", "withdrawn"],
    transitions={
        "accept": (("applied",), "accepted", "officer"),
        "start_mediation": (("accepted",), "mediating", "officer"),
        "record_agreement": (("mediating",), "agreed", "officer"),
        "record_failure": (("accepted", "mediating"), "failed", "officer"),
        "withdraw": (("applied", "accepted", "mediating"), "withdrawn", "officer"),
    },
    paths={
        "applied": [],
        "accepted": ["accept"],
        "mediating": ["accept", "start_mediation"],
        "agreed": ["accept", "start_mediation", "record_agreement"],
        "failed": ["accept", "start_mediation", "record_failure"],
        "withdrawn": ["withdraw"],
    },
    payloads={
        "accept": {"comment": "符合调解受理条件"},
        "start_mediation": {"comment": "已通知双方到场"},
        "record_agreement": {"terms": "用人单位于十日内支付经济补偿8000元", "amount": "8000.00"},
        "record_failure": {"reason": "用人单位拒不到场"},
        "withdraw": {"reason": "申请人已与用人单位自行和解"},
    },
)

DISCRIMINATION = KindTable(
    kind="discrimination",
    states=[
        "submitted",
        "investigating",
        "rejected",
        "extension_pending",
        "ordered",
        "closure_pending",
        "closed",
    ],
    transitions={
        "accept": (("submitted",), "investigating", "officer"),
        "accept_time_barred": (("submitted",), "investigating", "supervisor"),
        "reject": (("submitted",), "rejected", "supervisor"),
        "request_extension": (("investigating",), "extension_pending", "officer"),
        "approve_extension": (("extension_pending",), "investigating", "supervisor"),
        "deny_extension": (("extension_pending",), "investigating", "supervisor"),
        "order_correction": (("investigating",), "ordered", "officer"),
        "propose_closure": (("investigating", "ordered"), "closure_pending", "officer"),
        "approve_closure": (("closure_pending",), "closed", "supervisor"),
        "return_for_rework": (("closure_pending",), "investigating", "supervisor"),
        "record_feedback": (("closed",), "closed", "officer"),
        "reopen": (("closed",), "investigating", "supervisor"),
        "keep_closed": (("closed",), "closed", "supervisor"),
    },
    paths={
        "submitted": [],
        "rejected": ["reject"],
        "investigating": ["accept"],
        "extension_pending": ["accept", "request_extension"],
        "ordered": ["accept", "order_correction"],
        "closure_pending": ["accept", "propose_closure"],
        "closed": ["accept", "propose_closure", "approve_closure"],
    },
    payloads={
        "accept": {"comment": "予以立案"},
        "accept_time_barred": {"reason": "歧视行为影响面广，确需查处"},
        "reject": {"reason": "已向人民法院起诉"},
        "request_extension": {"reason": "需调取招聘平台记录"},
        "approve_extension": {"comment": "同意延期"},
        "deny_extension": {"comment": "不同意延期"},
        "order_correction": {
            "due_date": (timezone.localdate() + timedelta(days=15)).isoformat(),
            "requirements": "停止在招聘中设置性别限制\n删除招聘启事中“仅限男性”的条件",
        },
        "propose_closure": {"summary": "已责令用人单位删除招聘中的性别限制"},
        "approve_closure": {"comment": "同意结案"},
        "return_for_rework": {"reason": "缺少整改报告"},
        "record_feedback": {"satisfied": False, "comment": "单位仍未改正"},
        "reopen": {"reason": "回访不满意，重新调查"},
        "keep_closed": {"reason": "单位已改正，经核实维持结案"},
    },
)
