"""What the audit chain hashes, and the case lock's answer to what names no case."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from django.db import transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from casework import audit
from casework.actions.locking import lock_case
from casework.audit import verify_chain
from casework.models import AuditEvent, AuditHead
from casework.models.audit import GENESIS


@pytest.mark.parametrize("bad", [None, "", "abc", "12abc", -1, 0, 2**63, 2**70, 3.5j])
def test_lock_case_answers_none_for_what_names_no_case(wage_case, bad):
    with transaction.atomic():
        assert lock_case(bad) is None


def test_lock_case_accepts_a_case_or_its_id_in_text(wage_case):
    with transaction.atomic():
        assert lock_case(str(wage_case.pk)).pk == wage_case.pk
        assert lock_case(wage_case).pk == wage_case.pk


texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=30,
)
payloads = st.dictionaries(texts, texts | st.integers() | st.booleans() | st.none(), max_size=4)


@settings(max_examples=200, deadline=None)
@given(
    payload=payloads,
    name=texts,
    seq=st.integers(1, 10**12),
    actor=st.none() | st.integers(1, 10**6),
    chain=st.sampled_from(["", "xuecheng", "滕州"]),
)
def test_canonical_text_is_the_json_of_the_whole_record(payload, name, seq, actor, chain):
    event = AuditEvent(
        chain=chain,
        seq=seq,
        at=datetime(2026, 3, 16, 8, 30, 1, 5, tzinfo=UTC),
        actor_id=actor,
        actor_name=name,
        verb="disputes.wage_arrears.accept",
        object_type="casework.case",
        object_id="12",
        case_id=12,
        from_state="submitted",
        to_state="investigating",
        payload=payload,
        prev_hash="ab" * 32,
    )
    whole = [
        seq,
        "2026-03-16T08:30:01.000005+00:00",
        actor,
        name,
        "disputes.wage_arrears.accept",
        "casework.case",
        "12",
        12,
        "submitted",
        "investigating",
        payload,
        "ab" * 32,
    ]
    if chain:  # a jurisdiction's chain is named in what is hashed; the first chain is not
        whole.insert(0, chain)
    assert event.canonical() == json.dumps(
        whole, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )


AWKWARD = {
    "中文": "欠薪 5000 元",
    "quote": 'he said "pay" \\ back',
    "control": "tab\tnewline\n",
    "emoji": "👷",
    "nested": {"b": [1, 2.5, None], "a": True},
}


def test_appended_events_hash_as_verify_computes_them(wage_case, hrss_officer):
    before = AuditEvent.objects.filter(chain="xuecheng").count()
    with transaction.atomic():
        audit.record(actor=hrss_officer, verb="test.append", case=wage_case, payload=AWKWARD)
    with transaction.atomic():
        for n in (2, 3):
            audit.record(
                actor=None, verb="test.append", case=wage_case, payload={**AWKWARD, "n": n}
            )
    events = list(AuditEvent.objects.filter(chain="xuecheng").order_by("seq")[before:])
    assert [e.payload.get("n") for e in events] == [None, 2, 3]
    for event in events:
        assert event.hash == event.compute_hash()
    assert [e.prev_hash for e in events[1:]] == [e.hash for e in events[:-1]]
    head = AuditHead.objects.get(chain="xuecheng")
    assert (head.last_seq, head.last_hash) == (events[-1].seq, events[-1].hash)
    chain = verify_chain()
    assert chain.ok, chain.reason


def test_the_first_event_of_a_chain_creates_its_head(db):
    AuditHead.objects.all().delete()
    AuditEvent.objects.all().delete()
    with transaction.atomic():
        audit.record(actor=None, verb="test.first", payload={"x": "一"})
    (event,) = AuditEvent.objects.all()
    assert (event.chain, event.seq, event.prev_hash) == ("", 1, GENESIS)
    assert event.hash == event.compute_hash()
    (head,) = AuditHead.objects.all()
    assert (head.chain, head.last_seq, head.last_hash) == ("", 1, event.hash)
    assert verify_chain().ok


def test_recording_outside_a_transaction_is_refused(transactional_db):
    with pytest.raises(RuntimeError):
        audit.record(actor=None, verb="test.outside")
    assert not AuditEvent.objects.exists()
