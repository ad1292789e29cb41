"""The append-only, hash-chained audit trail and the `verify_audit` command."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import connection

from casework.actions import case_claim, case_transition
from casework.audit import verify_chain
from casework.models import AuditEvent, AuditHead
from casework.models.audit import GENESIS

from ..factories import open_wage_case

TABLE = AuditEvent._meta.db_table


def _verify() -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("verify_audit", stdout=out, stderr=err)
    except SystemExit as exc:
        return int(exc.code), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


@pytest.fixture
def history(wage_case, hrss_officer, hrss_supervisor):
    """A few real actions: open, claim, accept, order, pay, propose, approve."""
    case_claim(actor=hrss_officer, case_id=wage_case.pk)
    for actor, name, data in [
        (hrss_officer, "accept", {}),
        (hrss_officer, "propose_closure", {"summary": "已支付", "amount_recovered": "5000"}),
        (hrss_supervisor, "approve_closure", {"comment": "同意"}),
    ]:
        case_transition(actor=actor, case_id=wage_case.pk, name=name, data=data)
    open_wage_case(employer="另一家公司", credit_code="")
    return wage_case


def test_chain_is_intact_after_actions(history):
    events = list(AuditEvent.objects.order_by("seq"))
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    assert [e.verb for e in events] == [
        "disputes.wage_arrears.opened",
        "casework.case.claimed",
        "disputes.wage_arrears.accept",
        "disputes.wage_arrears.propose_closure",
        "disputes.wage_arrears.approve_closure",
        "disputes.wage_arrears.opened",
    ]
    assert events[0].prev_hash == GENESIS
    for prev, ev in zip(events, events[1:], strict=False):
        assert ev.prev_hash == prev.hash
        assert ev.hash == ev.compute_hash()
    head = AuditHead.objects.get(pk=1)
    assert (head.last_seq, head.last_hash) == (events[-1].seq, events[-1].hash)
    assert verify_chain().ok and verify_chain().count == 6


def test_verify_audit_command_reports_an_intact_chain(history):
    code, out, err = _verify()
    assert code == 0
    assert out.strip() == "audit chain intact: 6 records"
    assert err == ""


def test_verify_audit_on_an_empty_trail(db):
    code, out, _err = _verify()
    assert (code, out.strip()) == (0, "audit chain intact: 0 records")


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("payload", '{"summary": "改过的摘要"}'),
        ("verb", "disputes.wage_arrears.reject"),
        ("to_state", "rejected"),
        ("actor_name", "someone.else"),
    ],
)
def test_tampering_with_a_row_is_named(history, column, value):
    with connection.cursor() as cur:
        cur.execute(f"UPDATE {TABLE} SET {column} = %s WHERE seq = %s", [value, 4])
    code, out, err = _verify()
    assert code == 1
    assert out == ""
    assert "audit chain broken at record 4" in err
    assert "content does not match its hash" in err
    assert "(3 records verified before it)" in err


def test_rehashing_a_tampered_row_breaks_the_next_link(history):
    # A forger who also recomputes the row's own hash is caught by the next row.
    ev = AuditEvent.objects.get(seq=3)
    ev.payload = {"comment": "伪造"}
    forged = ev.compute_hash()
    with connection.cursor() as cur:
        cur.execute(
            f"UPDATE {TABLE} SET payload = %s, hash = %s WHERE seq = 3",
            ['{"comment": "伪造"}', forged],
        )
    code, _out, err = _verify()
    assert code == 1
    assert "audit chain broken at record 4: previous hash does not match" in err


def test_deleting_a_middle_row_is_named(history):
    with connection.cursor() as cur:
        cur.execute(f"DELETE FROM {TABLE} WHERE seq = 3")
    code, _out, err = _verify()
    assert code == 1
    assert "audit chain broken at record 4: sequence gap: expected 3" in err


def test_deleting_the_last_rows_is_named(history):
    with connection.cursor() as cur:
        cur.execute(f"DELETE FROM {TABLE} WHERE seq >= 5")
    code, _out, err = _verify()
    assert code == 1
    assert "audit chain broken at record 5: records missing at the end of the chain" in err


def test_the_orm_refuses_update_and_delete(history):
    ev = AuditEvent.objects.get(seq=2)
    ev.verb = "casework.case.assigned"
    with pytest.raises(PermissionError):
        ev.save()
    with pytest.raises(PermissionError):
        AuditEvent.objects.get(seq=2).delete()
    assert AuditEvent.objects.get(seq=2).verb == "casework.case.claimed"
    assert verify_chain().ok


def test_payloads_are_hashed_as_stored(wage_case, hrss_officer):
    # Decimals and dates are stored (and hashed) as strings: a reload verifies.
    case_transition(
        actor=hrss_officer,
        case_id=wage_case.pk,
        name="accept",
        data={"comment": "受理"},
    )
    ev = AuditEvent.objects.order_by("-seq").first()
    assert ev.payload == {"comment": "受理"}
    assert ev.compute_hash() == ev.hash
    assert verify_chain().ok


def test_logins_are_audited(client, hrss_officer):
    assert client.login(username="hrss.officer.xuecheng", password="pw-test-123")
    ev = AuditEvent.objects.order_by("-seq").first()
    assert (ev.verb, ev.actor_id, ev.actor_name) == (
        "auth.login",
        hrss_officer.pk,
        hrss_officer.username,
    )
    assert (ev.object_type, ev.object_id) == ("auth.user", str(hrss_officer.pk))
    assert authenticate(username="hrss.officer.xuecheng", password="wrong") is None
    failed = AuditEvent.objects.order_by("-seq").first()
    assert failed.verb == "auth.login_failed"
    assert failed.actor_id is None
    assert failed.payload == {"username": "hrss.officer.xuecheng"}
    assert "password" not in str(failed.payload)
    assert verify_chain().ok
