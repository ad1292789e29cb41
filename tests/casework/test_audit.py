"""The append-only, hash-chained audit trail and the `verify_audit` command."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import connection

from casework.actions import case_claim, case_transition
from casework.audit import verify_chain
from casework.models import AuditEvent, AuditHead, Document
from casework.models.audit import GENESIS

from ..factories import open_wage_case

TABLE = AuditEvent._meta.db_table
# The history below happens in 薛城区: its events form the chain named after it.
CHAIN = "xuecheng"


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
    assert {e.chain for e in events} == {CHAIN}
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
    head = AuditHead.objects.get(chain=CHAIN)
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
        cur.execute(
            f"UPDATE {TABLE} SET {column} = %s WHERE chain = %s AND seq = %s", [value, CHAIN, 4]
        )
    code, out, err = _verify()
    assert code == 1
    assert out == ""
    assert "audit chain xuecheng broken at record 4" in err
    assert "content does not match its hash" in err
    assert "(3 records verified before it)" in err


def test_rehashing_a_tampered_row_breaks_the_next_link(history):
    # A forger who also recomputes the row's own hash is caught by the next row.
    ev = AuditEvent.objects.get(chain=CHAIN, seq=3)
    ev.payload = {"comment": "伪造"}
    forged = ev.compute_hash()
    with connection.cursor() as cur:
        cur.execute(
            f"UPDATE {TABLE} SET payload = %s, hash = %s WHERE chain = %s AND seq = 3",
            ['{"comment": "伪造"}', forged, CHAIN],
        )
    code, _out, err = _verify()
    assert code == 1
    assert "audit chain xuecheng broken at record 4: previous hash does not match" in err


def test_deleting_a_middle_row_is_named(history):
    with connection.cursor() as cur:
        cur.execute(f"DELETE FROM {TABLE} WHERE chain = %s AND seq = 3", [CHAIN])
    code, _out, err = _verify()
    assert code == 1
    assert "audit chain xuecheng broken at record 4: sequence gap: expected 3" in err


def test_deleting_the_last_rows_is_named(history):
    with connection.cursor() as cur:
        cur.execute(f"DELETE FROM {TABLE} WHERE chain = %s AND seq >= 5", [CHAIN])
    code, _out, err = _verify()
    assert code == 1
    assert "audit chain xuecheng broken at record 5: records missing at the end of the chain" in err


def test_swapping_two_rows_is_named(history):
    # Reordering: the two rows trade places in the sequence (their contents stay put).
    with connection.cursor() as cur:
        cur.execute(f"UPDATE {TABLE} SET seq = 100 WHERE chain = %s AND seq = 2", [CHAIN])
        cur.execute(f"UPDATE {TABLE} SET seq = 2 WHERE chain = %s AND seq = 3", [CHAIN])
        cur.execute(f"UPDATE {TABLE} SET seq = 3 WHERE chain = %s AND seq = 100", [CHAIN])
    code, _out, err = _verify()
    assert code == 1
    assert "audit chain xuecheng broken at record 2: previous hash does not match" in err


def test_moving_a_row_to_another_chain_is_named(history):
    # The last event, moved to a chain of its own with a head that agrees: the chain's name
    # is part of what is hashed, so the event no longer verifies there.
    last = AuditEvent.objects.filter(chain=CHAIN).order_by("-seq").first()
    with connection.cursor() as cur:
        cur.execute(f"UPDATE {TABLE} SET chain = 'shizhong', seq = 1 WHERE id = %s", [last.pk])
    AuditHead.objects.create(chain="shizhong", last_seq=1, last_hash=last.hash)
    head = AuditHead.objects.get(chain=CHAIN)
    head.last_seq, head.last_hash = last.seq - 1, last.prev_hash
    head.save()
    code, _out, err = _verify()
    assert code == 1
    assert "audit chain shizhong broken at record 1: previous hash does not match" in err


def test_each_jurisdiction_has_its_own_chain(wage_case, hrss_officer):
    other = open_wage_case(employer="市中区的公司", credit_code="", jurisdiction="shizhong")
    case_claim(actor=hrss_officer, case_id=wage_case.pk)
    events = {
        chain: [(e.seq, e.verb) for e in AuditEvent.objects.filter(chain=chain).order_by("seq")]
        for chain in ("xuecheng", "shizhong")
    }
    assert events == {
        "xuecheng": [(1, "disputes.wage_arrears.opened"), (2, "casework.case.claimed")],
        "shizhong": [(1, "disputes.wage_arrears.opened")],
    }
    assert AuditEvent.objects.get(chain="shizhong").case_id == other.pk
    assert set(AuditHead.objects.values_list("chain", "last_seq")) == {
        ("xuecheng", 2),
        ("shizhong", 1),
    }
    result = verify_chain()
    assert (result.ok, result.count) == (True, 3)


def test_the_orm_refuses_update_and_delete(history):
    ev = AuditEvent.objects.get(chain=CHAIN, seq=2)
    ev.verb = "casework.case.assigned"
    with pytest.raises(PermissionError):
        ev.save()
    with pytest.raises(PermissionError):
        AuditEvent.objects.get(chain=CHAIN, seq=2).delete()
    assert AuditEvent.objects.get(chain=CHAIN, seq=2).verb == "casework.case.claimed"
    assert verify_chain().ok


def test_payloads_are_hashed_as_stored(wage_case, hrss_officer):
    # Decimals and dates are stored (and hashed) as strings: a reload verifies.
    case_transition(
        actor=hrss_officer,
        case_id=wage_case.pk,
        name="accept",
        data={"comment": "受理"},
    )
    ev = AuditEvent.objects.order_by("-id").first()
    # The acceptance notice it issued is named, with its hash, in the chained payload.
    notice = Document.objects.get(case=wage_case)
    assert ev.payload == {
        "comment": "受理",
        "documents": [{"name": notice.name, "number": notice.number, "sha256": notice.sha256}],
    }
    assert ev.compute_hash() == ev.hash
    assert verify_chain().ok


def test_logins_are_audited(client, hrss_officer):
    assert client.login(username="hrss.officer.xuecheng", password="pw-test-123")
    ev = AuditEvent.objects.order_by("-id").first()
    assert ev.chain == ""  # a login belongs to no jurisdiction
    assert (ev.verb, ev.actor_id, ev.actor_name) == (
        "auth.login",
        hrss_officer.pk,
        hrss_officer.username,
    )
    assert (ev.object_type, ev.object_id) == ("auth.user", str(hrss_officer.pk))
    assert authenticate(username="hrss.officer.xuecheng", password="wrong") is None
    failed = AuditEvent.objects.order_by("-id").first()
    assert failed.verb == "auth.login_failed"
    assert failed.actor_id is None
    assert failed.payload == {"username": "hrss.officer.xuecheng"}
    assert "password" not in str(failed.payload)
    assert verify_chain().ok
