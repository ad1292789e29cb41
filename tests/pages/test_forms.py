"""How the pages turn payload serializers into form fields, and errors back onto fields."""

from __future__ import annotations

from django.http import QueryDict

from casework.forms import NON_FIELD, errors_by_field, field_names, fields_for, payload_from_post
from disputes.intake.payloads import PublicComplaintSerializer
from disputes.investigated_complaint.payloads import FeedbackPayload
from disputes.wage_arrears.payloads import RecordPaymentPayload, TransferPayload


def test_fields_follow_the_serializer_types_and_labels():
    fields = {f.name: f for f in fields_for(RecordPaymentPayload)}
    assert list(fields) == [
        "comment",
        "amount",
        "paid_on",
        "worker",
        "excess_reason",
        "excess_note",
    ]
    assert fields["comment"].widget == "textarea" and not fields["comment"].required
    # Money is typed as text with a decimal keypad, so a wrong entry comes back as typed.
    amount = fields["amount"]
    assert amount.widget == "text" and amount.input_type == "text"
    assert amount.attrs["inputmode"] == "decimal" and "pattern" in amount.attrs
    assert fields["amount"].label == "支付金额（元）" and fields["amount"].required
    assert fields["paid_on"].input_type == "date"
    assert fields["worker"].widget == "number"
    assert fields["excess_reason"].widget == "select" and not fields["excess_reason"].required
    assert fields["excess_reason"].choices[0] == ("", "——")
    assert {f.name: f.widget for f in fields_for(FeedbackPayload)}["satisfied"] == "radio"
    assert {f.name: f.widget for f in fields_for(TransferPayload)}["evidence"] == "lines"


def test_nested_serializers_become_dotted_fields():
    names = field_names(PublicComplaintSerializer)
    assert "complainant.phone" in names and "employer.credit_code" in names
    short = {f.name: f for f in fields_for(PublicComplaintSerializer)}
    assert short["complainant.name"].widget == "text"  # short text: one line
    assert short["description"].widget == "textarea"


def test_payload_from_post_nests_and_leaves_out_empty_fields():
    post = QueryDict(mutable=True)
    post.update({"complainant.name": " 张三 ", "complainant.phone": "", "market": ""})
    data, raw = payload_from_post(PublicComplaintSerializer, post)
    assert data["complainant"] == {"name": "张三"}
    assert data["employer"] == {}
    assert "market" not in data
    assert raw["complainant.name"] == "张三" and raw["description"] == ""


def test_errors_land_on_fields_or_on_the_form():
    names = ["complainant.phone", "evidence", "amount"]
    errors = errors_by_field(
        {
            "complainant": {"phone": ["手机号错误"]},
            "evidence": {0: ["太长"]},
            "non_field_errors": ["整体错误"],
            "detail": "说明",
            "unknown": ["别处"],
        },
        names,
    )
    assert errors["complainant.phone"] == ["手机号错误"]
    assert errors["evidence"] == ["太长"]
    assert errors[NON_FIELD] == ["整体错误", "说明", "别处"]
