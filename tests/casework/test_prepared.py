"""Statements compiled once per connection, prepared writes and write batches.

The hot path of every action reads and writes through `gigcase.prepared`; these tests hold
it to what the ORM would have done, on whichever database the suite runs.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from casework import audit
from casework.actions.locking import lock_case
from casework.audit import verify_chain
from casework.models import AuditEvent, AuditHead, Case, LegalClock, TimelineEntry
from casework.models.audit import GENESIS
from gigcase.prepared import Prepared, insert, update, update_where, write_batch

from ..factories import load_reference_data, open_wage_case

CASE_COLUMNS = (
    "id",
    "number",
    "submitted_at",
    "details",
    "amount_owed",
    "deadline",
    "status",
    "lead_unit_id",
)


def test_prepared_rows_are_what_the_queryset_returns(wage_case):
    other = open_wage_case(workers=3)
    query = Prepared(lambda pk: Case.objects.filter(pk=pk).values_list(*CASE_COLUMNS), int)
    for case in (wage_case, other):
        expected = list(Case.objects.filter(pk=case.pk).values_list(*CASE_COLUMNS))
        # Run twice: compiled on the first call, reused on the second.
        assert query.rows(case.pk) == expected
        assert query.rows(case.pk) == expected
    assert query.rows(10**9) == []


def test_prepared_integer_field_parameters(wage_case):
    # PostgreSQL: Django types an integer field's value (psycopg's Int4); the new value is
    # typed the same way.
    query = Prepared(lambda v: Case.objects.filter(version=v).values_list("id"), int)
    version = Case.objects.get(pk=wage_case.pk).version
    assert query.rows(version) == [(wage_case.pk,)]
    assert query.rows(version + 1) == []


def test_prepared_text_parameters_and_ordering(wage_case):
    open_wage_case()
    query = Prepared(
        lambda status: Case.objects.filter(status=status).order_by("-id").values_list("id"),
        str,
    )
    expected = list(Case.objects.filter(status="submitted").order_by("-id").values_list("id"))
    assert len(expected) == 2
    assert query.rows("submitted") == expected
    assert query.rows("closed") == []


def test_the_locked_case_is_the_row_as_the_orm_reads_it(wage_case):
    with transaction.atomic():
        case = lock_case(wage_case.pk)
    fresh = Case.objects.get(pk=wage_case.pk)
    for field in Case._meta.concrete_fields:
        assert getattr(case, field.attname) == getattr(fresh, field.attname), field.name
    assert case._state.adding is False and case._state.db == "default"
    assert case.lead_unit == fresh.lead_unit  # read when asked for


def test_prepared_objects_come_with_their_select_related_objects(wage_case):
    query = Prepared(
        lambda pk: Case.objects.select_related("lead_unit__department", "jurisdiction").filter(
            pk=pk
        ),
        int,
    )
    case = query.first(wage_case.pk)
    with CaptureQueriesContext(connection) as ctx:
        assert case.lead_unit.department.code == "hrss"
        assert case.jurisdiction.code == "xuecheng"
    assert len(ctx) == 0, [q["sql"] for q in ctx.captured_queries]
    assert query.first(10**9) is None


@pytest.mark.parametrize("bad", [None, "", "abc", "12abc", -1, 0, 2**63, 2**70, 3.5j])
def test_lock_case_answers_none_for_what_names_no_case(wage_case, bad):
    with transaction.atomic():
        assert lock_case(bad) is None


def test_lock_case_accepts_a_case_or_its_id_in_text(wage_case):
    with transaction.atomic():
        assert lock_case(str(wage_case.pk)).pk == wage_case.pk
        assert lock_case(wage_case).pk == wage_case.pk


def test_a_stand_in_lost_or_repeated_is_refused_on_first_use(wage_case):
    from django.db.models import Q

    computed = Prepared(lambda pk: Case.objects.filter(pk=pk + 1).values_list("id"), int)
    with pytest.raises(ValueError, match="reaches 0 parameters"):
        computed.rows(wage_case.pk)
    twice = Prepared(
        lambda pk: Case.objects.filter(Q(pk=pk) | Q(version=pk)).values_list("id"), int
    )
    with pytest.raises(ValueError, match="reaches 2 parameters"):
        twice.rows(wage_case.pk)
    with pytest.raises(TypeError):
        Prepared(lambda d: Case.objects.filter(deadline=d), datetime).rows(None)


def test_insert_writes_what_save_would(wage_case, hrss_officer):
    now = timezone.now()
    made = TimelineEntry(
        case=wage_case,
        at=now,
        actor=hrss_officer,
        verb="note",
        text="现场核查",
        payload={"金额": "5000.00", "ok": True},
        public_text="已受理",
    )
    insert(made)
    assert made.pk is not None and made._state.adding is False
    saved = TimelineEntry.objects.get(pk=made.pk)
    for field in TimelineEntry._meta.concrete_fields:
        assert getattr(saved, field.attname) == getattr(made, field.attname), field.name


def test_insert_fills_auto_now_add_fields(wage_case):
    clock = LegalClock(
        case=wage_case,
        code="t",
        title="测试时限",
        legal_basis="—",
        day_unit="calendar",
        days=3,
        start_date=timezone.localdate(),
        due_date=timezone.localdate() + timedelta(days=3),
    )
    before = timezone.now()
    insert(clock)
    assert clock.created_at >= before
    assert LegalClock.objects.get(pk=clock.pk).created_at == clock.created_at


def test_update_changes_only_the_named_fields_and_honours_its_conditions(wage_case):
    case = Case.objects.get(pk=wage_case.pk)
    case.priority = "high"
    case.summary_text = "not written"  # an attribute that is not a named field
    case.details = {**case.details, "checked": True}
    assert update(case, ["priority"], where={"version": case.version + 1}) == 0
    assert Case.objects.get(pk=case.pk).priority != "high"
    assert update(case, ["priority"], where={"version": case.version}) == 1
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.priority == "high"
    assert "checked" not in fresh.details  # not named, not written


def test_update_where_with_lists_and_exclusions(wage_case):
    other = open_wage_case()
    codes = list(LegalClock.objects.filter(case=wage_case).values_list("code", flat=True))
    assert codes
    changed = update_where(
        LegalClock,
        {"status": "stopped"},
        where={"case_id": wage_case.pk, "code": codes},
        exclude={"status": "stopped"},
    )
    assert changed == len(codes)
    # Already stopped: the exclusion leaves them; an empty list names nothing.
    assert (
        update_where(
            LegalClock,
            {"status": "stopped"},
            where={"case_id": wage_case.pk, "code": codes},
            exclude={"status": "stopped"},
        )
        == 0
    )
    assert (
        update_where(LegalClock, {"status": "stopped"}, where={"case_id": other.pk, "code": []})
        == 0
    )
    assert LegalClock.objects.filter(case=other).exclude(status="stopped").exists()


def _entry(case, verb="held"):
    return TimelineEntry(case=case, at=timezone.now(), verb=verb, text="x")


def test_held_writes_are_read_by_the_next_statement(wage_case):
    count = TimelineEntry.objects.filter(case=wage_case).count()
    with transaction.atomic(), write_batch():
        with CaptureQueriesContext(connection) as held:
            insert(_entry(wage_case), defer=True)
        assert len(held) == 0  # nothing sent yet
        with CaptureQueriesContext(connection) as sent:
            seen = TimelineEntry.objects.filter(case=wage_case).count()
        assert seen == count + 1
        assert [q["sql"].split()[0] for q in sent.captured_queries] == ["INSERT", "SELECT"]
    assert TimelineEntry.objects.filter(case=wage_case).count() == count + 1


def test_what_is_still_held_is_sent_before_the_commit(wage_case):
    count = TimelineEntry.objects.filter(case=wage_case).count()
    with transaction.atomic():
        with write_batch():
            insert(_entry(wage_case), defer=True)
            insert(_entry(wage_case), defer=True)
    assert TimelineEntry.objects.filter(case=wage_case).count() == count + 2


def test_a_failing_held_write_aborts_the_whole_transaction(wage_case):
    count = TimelineEntry.objects.filter(case=wage_case).count()
    version = Case.objects.get(pk=wage_case.pk).version
    with pytest.raises(IntegrityError):
        with transaction.atomic():
            Case.objects.filter(pk=wage_case.pk).update(version=version + 5)
            with write_batch():
                insert(_entry(wage_case), defer=True)
                insert(_entry(wage_case, verb=None), defer=True)  # NOT NULL
                Case.objects.filter(pk=wage_case.pk).exists()
    assert TimelineEntry.objects.filter(case=wage_case).count() == count
    assert Case.objects.get(pk=wage_case.pk).version == version


def test_a_failed_check_on_a_held_update_aborts_the_transaction(wage_case):
    case = Case.objects.get(pk=wage_case.pk)

    class Stale(Exception):
        pass

    def check(rowcount: int) -> None:
        if rowcount != 1:
            raise Stale

    case.priority = "high"
    with pytest.raises(Stale):
        with transaction.atomic(), write_batch():
            insert(_entry(wage_case), defer=True)
            update(case, ["priority"], where={"version": case.version + 1}, defer=True, check=check)
    assert Case.objects.get(pk=case.pk).priority != "high"
    assert not TimelineEntry.objects.filter(case=wage_case, verb="held").exists()


def test_write_batch_needs_a_transaction(transactional_db):
    with pytest.raises(RuntimeError):
        with write_batch():
            pass


def test_outside_a_batch_defer_writes_at_once(wage_case):
    with transaction.atomic():
        entry = _entry(wage_case)
        insert(entry, defer=True)
        assert entry.pk is not None


# --- the audit chain, appended by Python or by the database ----------------------------

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
)
def test_canonical_text_is_the_json_of_the_whole_record(payload, name, seq, actor):
    event = AuditEvent(
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


def _record(case, actor, payload):
    return audit.record(actor=actor, verb="test.append", case=case, payload=payload)


def test_appended_events_hash_as_verify_computes_them(wage_case, hrss_officer):
    before = AuditEvent.objects.count()
    with transaction.atomic():
        _record(wage_case, hrss_officer, AWKWARD)  # at once
    with transaction.atomic(), write_batch():
        event = _record(wage_case, None, {**AWKWARD, "n": 2})  # held until the batch ends
        _record(wage_case, hrss_officer, {"n": 3})
    if connection.vendor == "postgresql":
        assert event.pk is None  # written by the database with the batch
    events = list(AuditEvent.objects.order_by("seq")[before:])
    assert [e.payload.get("n") for e in events] == [None, 2, 3]
    for event in events:
        assert event.hash == event.compute_hash()
    assert [e.prev_hash for e in events[1:]] == [e.hash for e in events[:-1]]
    head = AuditHead.objects.get(pk=1)
    assert (head.last_seq, head.last_hash, head.prev_hash) == (
        events[-1].seq,
        events[-1].hash,
        events[-2].hash,
    )
    chain = verify_chain()
    assert chain.ok, chain.reason


def test_the_first_event_of_a_new_database_creates_the_head(db):
    AuditHead.objects.all().delete()
    AuditEvent.objects.all().delete()
    with transaction.atomic():
        audit.record(actor=None, verb="test.first", payload={"x": "一"})
    (event,) = AuditEvent.objects.all()
    assert (event.seq, event.prev_hash) == (1, GENESIS)
    assert event.hash == event.compute_hash()
    head = AuditHead.objects.get(pk=1)
    assert (head.last_seq, head.last_hash, head.prev_hash) == (1, event.hash, GENESIS)
    assert verify_chain().ok


# --- ending an action's transaction with its last writes -------------------------------


@pytest.fixture
def committed_org(transactional_db):
    # Committed data: a transactional test starts from what the flush of the previous one
    # left, so it loads the reference data it builds on.
    load_reference_data()


def test_a_batch_that_ends_its_transaction_commits_its_writes_and_hooks(committed_org):
    case = open_wage_case()
    count = TimelineEntry.objects.filter(case=case).count()
    hooks = []
    with transaction.atomic(durable=True):
        transaction.on_commit(lambda: hooks.append("after commit"))
        with write_batch(commit=True):
            insert(_entry(case), defer=True)
            audit.record(actor=None, verb="test.commit", case=case, payload={})
        if connection.vendor == "postgresql":
            # Committed with the last writes, in the same round trip: the server's side of
            # the transaction is over before Django's own commit (which finds nothing).
            from psycopg.pq import TransactionStatus

            assert connection.connection.info.transaction_status == TransactionStatus.IDLE
        assert hooks == []
    assert hooks == ["after commit"]
    assert connection.get_autocommit()
    assert TimelineEntry.objects.filter(case=case).count() == count + 1
    assert AuditEvent.objects.filter(verb="test.commit").count() == 1
    assert verify_chain().ok
    # The connection is usable for the next transaction as usual.
    with transaction.atomic(durable=True):
        insert(_entry(case))
    assert TimelineEntry.objects.filter(case=case).count() == count + 2


def test_a_batch_inside_another_transaction_leaves_the_commit_to_it(committed_org):
    case = open_wage_case()
    count = TimelineEntry.objects.filter(case=case).count()

    class Undo(Exception):
        pass

    with pytest.raises(Undo):
        with transaction.atomic():
            with transaction.atomic(), write_batch(commit=True):
                insert(_entry(case), defer=True)
            raise Undo
    assert TimelineEntry.objects.filter(case=case).count() == count


def test_a_failing_last_write_commits_nothing(committed_org):
    case = open_wage_case()
    count = TimelineEntry.objects.filter(case=case).count()
    hooks = []
    with pytest.raises(IntegrityError):
        with transaction.atomic(durable=True):
            transaction.on_commit(lambda: hooks.append("after commit"))
            with write_batch(commit=True):
                insert(_entry(case), defer=True)
                insert(_entry(case, verb=None), defer=True)  # NOT NULL
    assert hooks == []
    assert TimelineEntry.objects.filter(case=case).count() == count
    with transaction.atomic(durable=True):
        insert(_entry(case))
    assert TimelineEntry.objects.filter(case=case).count() == count + 1


def test_a_held_clock_stop_is_seen_by_the_next_read(wage_case):
    from casework import clocks

    running = list(LegalClock.objects.filter(case=wage_case, status="running"))
    assert running
    with transaction.atomic(), write_batch():
        assert clocks.stop(wage_case, running[0].code, defer=True) is None
        assert clocks.binding_deadline(wage_case) != running[0].due_date or len(running) > 1
        assert not LegalClock.objects.filter(pk=running[0].pk, status="running").exists()


def _fields_by_kind():
    from django.db import models
    from viewflow.workflow.models import Task

    kinds = {
        models.CharField: ["文本", "", None],
        models.TextField: ["很长的说明\n第二行", None],
        models.BooleanField: [True, False, None],
        models.PositiveIntegerField: [0, 7, 2**31 - 1, None],
        models.PositiveBigIntegerField: [2**40, None],
        models.IntegerField: [-3, 12, None],
        models.ForeignKey: [1, 123456789, None],
        models.DateTimeField: [
            datetime(2026, 3, 16, 8, 30, 1, 5, tzinfo=UTC),
            timezone.now(),
            None,
        ],
    }
    seen = set()
    for model in (Case, TimelineEntry, LegalClock, AuditEvent, AuditHead, Task):
        for field in model._meta.concrete_fields:
            values = kinds.get(type(field))
            if values is not None and (type(field), field.null) not in seen:
                seen.add((type(field), field.null))
                yield pytest.param(field, values, id=f"{model.__name__}.{field.name}")


@pytest.mark.parametrize(("field", "values"), list(_fields_by_kind()))
def test_the_quick_preparation_of_values_is_djangos(db, field, values):
    from gigcase.prepared import _preparer

    prepare = _preparer(field, connection)
    for value in values:
        expected = field.get_db_prep_save(value, connection)
        got = prepare(value)
        assert got == expected and type(got) is type(expected), (value, got, expected)
    # Anything else goes the long way, with the same result.
    odd = {bool: 1, str: 5}.get(type(values[0]))
    if odd is not None and type(field).__name__ != "BooleanField":
        assert prepare(odd) == field.get_db_prep_save(odd, connection)


def test_insert_values_writes_what_an_instance_would_with_its_defaults(wage_case):
    from gigcase.prepared import insert_values

    now = timezone.now()
    pk = insert_values(
        TimelineEntry, {"case_id": wage_case.pk, "at": now, "verb": "v", "text": "文"}
    )
    row = TimelineEntry.objects.get(pk=pk)
    model = TimelineEntry(case=wage_case, at=now, verb="v", text="文")
    for field in TimelineEntry._meta.concrete_fields:
        if not field.primary_key:
            assert getattr(row, field.attname) == getattr(model, field.attname), field.name
    with transaction.atomic(), write_batch():
        assert (
            insert_values(
                TimelineEntry,
                {"case_id": wage_case.pk, "at": now, "verb": "w", "text": ""},
                defer=True,
            )
            is None
        )
        assert TimelineEntry.objects.filter(case=wage_case, verb="w").count() == 1
