"""The generated cases: kind, unit, status, assignee, number and dates of each, a few with
participating units, written in batches; and the number sequences they continue."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from casework.kinds import all_kinds
from casework.models import Case, CaseParticipant, CaseSequence

from .organisation import Organisation
from .tables import finish_bulk_load, prepare_bulk_load, write_rows
from .weights import weighted

BATCH = 20_000
# Departments that take part in another department's cases (a transfer, a joint check).
PARTICIPANTS = ("police", "market", "hrss", "housing", "health")
DESCRIPTIONS = (
    "工地干活两个月，工资一直未结清。",
    "零工市场门口占道经营，影响通行。",
    "雇主以各种理由克扣当日工钱。",
    "市场内发生纠纷，双方发生推搡。",
    "外卖骑手被平台合作商拖欠配送费。",
    "装修队完工后老板失联，欠薪未付。",
    "招工广告限制年龄和性别。",
    "夜间市场摊位消防通道堵塞。",
)
TRACKING_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CASE_COLUMNS = (
    "id",
    "number",
    "tracking_number",
    "access_code_hash",
    "kind",
    "status",
    "version",
    "priority",
    "lead_unit_id",
    "lead_department_id",
    "jurisdiction_id",
    "jurisdiction_path",
    "assignee_id",
    "description",
    "occurred_on",
    "workers_count",
    "amount_owed",
    "amount_recovered",
    "deadline",
    "details",
    "submitted_at",
    "closed_at",
    "updated_at",
)
PARTICIPANT_COLUMNS = ("case_id", "unit_id", "reason", "added_at")


class NoKindToGenerate(Exception):
    """No registered case kind has a lead department with units to generate cases for."""


def tracking_number(n: int) -> str:
    """A unique, random-looking tracking number for the n-th generated case."""
    base = len(TRACKING_ALPHABET)
    # A multiplier coprime with base**10 permutes the codes, so consecutive cases differ.
    value = (n * 7_919_004_421) % base**10
    chars = []
    for _ in range(10):
        value, digit = divmod(value, base)
        chars.append(TRACKING_ALPHABET[digit])
    return "GB" + "".join(chars)


class CaseGenerator:
    """The rows of generated cases, and the case numbers they take."""

    def __init__(self, org: Organisation, rng: random.Random, now: datetime) -> None:
        self.org = org
        self.rng = rng
        self.now = now
        self.kinds = {
            spec.code: spec
            for spec in all_kinds()
            if any((d, org.root) in org.units for d in spec.lead_departments)
        }
        if not self.kinds:
            raise NoKindToGenerate("no registered case kind has a lead department with units")
        self.kind_weights = {code: spec.bench_share for code, spec in self.kinds.items()}
        self.sequences: dict[tuple[int, str, int], int] = {
            (s.jurisdiction_id, s.kind_code, s.year): s.last for s in CaseSequence.objects.all()
        }
        self.open_states = {
            code: [v for v, _l in spec.statuses.choices if v not in spec.final_states]
            for code, spec in self.kinds.items()
        }
        self.final_states = {
            # The first final state in the kind's order is the usual end (closed).
            code: [v for v, _l in spec.statuses.choices if v in spec.final_states]
            for code, spec in self.kinds.items()
        }

    def _status(self, kind: str, age_days: float) -> tuple[str, bool]:
        rng = self.rng
        closed_share = 0.9 if age_days > 180 else 0.25 + age_days / 400
        if rng.random() < closed_share:
            finals = self.final_states[kind]
            return (finals[0] if rng.random() < 0.8 else rng.choice(finals)), True
        spec = self.kinds[kind]
        opens = self.open_states[kind]
        # New cases pile up in the first state more than in any later one.
        if rng.random() < 0.3:
            return spec.initial_status, False
        return rng.choice(opens), False

    def rows(self, first_id: int, n: int) -> Iterator[tuple[tuple, list[tuple]]]:
        """Yield (case row, participant rows) for `n` cases with ids from `first_id`."""
        org, rng, now = self.org, self.rng, self.now
        for case_id in range(first_id, first_id + n):
            kind = weighted(rng, self.kind_weights)
            spec = self.kinds[kind]
            jur_code = weighted(rng, org.jur_weights)
            dept = rng.choice(spec.lead_departments)
            if (dept, jur_code) not in org.units:
                dept = next(d for d in spec.lead_departments if (d, jur_code) in org.units)
            lead = org.units[(dept, jur_code)]
            if jur_code != org.root and rng.random() < 0.03:
                # Escalated: the city-level unit leads a district's case.
                lead = org.units[(dept, org.root)]
            jurisdiction = org.jurisdictions[jur_code]
            age = 1095 * rng.random() ** 1.6
            submitted = now - timedelta(days=age, seconds=rng.randrange(86_400))
            status, final = self._status(kind, age)
            closed = None
            if final:
                closed = min(now, submitted + timedelta(days=rng.uniform(2, 90)))
            officers = org.officers.get(lead.pk)
            assignee = None
            if status != spec.initial_status and officers and rng.random() < 0.92:
                assignee = rng.choice(officers)
            year = timezone.localtime(submitted).year
            key = (jurisdiction.pk, spec.number_code, year)
            self.sequences[key] = seq = self.sequences.get(key, 0) + 1
            workers = 1 if rng.random() < 0.7 else rng.randint(2, 40)
            owed = Decimal(rng.randrange(800, 60_000) * workers) if spec.tracks_wages else 0
            deadline = (
                None if final else (submitted + timedelta(days=rng.choice((20, 30, 60)))).date()
            )
            case = (
                case_id,
                f"{jur_code}-{spec.number_code}-{year}-{seq:04d}",
                tracking_number(case_id),
                "",
                kind,
                status,
                1,
                "high" if rng.random() < 0.06 else "normal",
                lead.pk,
                lead.department_id,
                jurisdiction.pk,
                jurisdiction.path,
                assignee,
                rng.choice(DESCRIPTIONS),
                (submitted - timedelta(days=rng.randrange(60))).date(),
                workers,
                Decimal(owed),
                Decimal(owed) if final and spec.tracks_wages else Decimal(0),
                deadline,
                "{}",
                submitted,
                closed,
                closed or submitted,
            )
            participants = []
            draw = rng.random()
            if draw < 0.09:
                others = [d for d in PARTICIPANTS if d != dept and (d, jur_code) in org.units]
                for d in rng.sample(others, 2 if draw < 0.01 else 1):
                    unit = org.units[(d, jur_code)]
                    participants.append((case_id, unit.pk, "joint", submitted))
            yield case, participants

    def save_sequences(self) -> None:
        existing = {(s.jurisdiction_id, s.kind_code, s.year): s for s in CaseSequence.objects.all()}
        new, changed = [], []
        for (jur, code, year), last in self.sequences.items():
            row = existing.get((jur, code, year))
            if row is None:
                new.append(CaseSequence(jurisdiction_id=jur, kind_code=code, year=year, last=last))
            elif row.last != last:
                row.last = last
                changed.append(row)
        CaseSequence.objects.bulk_create(new)
        CaseSequence.objects.bulk_update(changed, ["last"])


def create_cases(org: Organisation, n: int, rng: random.Random) -> tuple[int, int]:
    """Generate and write `n` cases; returns (cases written, participant links)."""
    generator = CaseGenerator(org, rng, timezone.now())
    rebuild, triggers_off = (
        prepare_bulk_load() if connection.vendor == "postgresql" else ([], False)
    )
    first_id = (Case.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    cases: list[tuple] = []
    participants: list[tuple] = []
    written = linked = 0
    for case, parts in generator.rows(first_id, n):
        cases.append(case)
        participants.extend(parts)
        if len(cases) >= BATCH:
            write_rows(Case, CASE_COLUMNS, cases)
            write_rows(CaseParticipant, PARTICIPANT_COLUMNS, participants)
            written += len(cases)
            linked += len(participants)
            cases, participants = [], []
    write_rows(Case, CASE_COLUMNS, cases)
    write_rows(CaseParticipant, PARTICIPANT_COLUMNS, participants)
    written += len(cases)
    linked += len(participants)
    generator.save_sequences()
    if connection.vendor == "postgresql":
        finish_bulk_load(rebuild, triggers_off)
    return written, linked
