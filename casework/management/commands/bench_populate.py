"""`manage.py bench_populate`: a city's worth of users and cases for the list benchmark.

Generates, on top of the jurisdictions, departments and units (loaded here from
`fixtures/` when missing), `--users` users with memberships spread over units and roles and
`--cases` cases spread over the registered kinds, jurisdictions, lead units, statuses and
three years of dates, a few percent of them with participating units. Cases are written
straight into the tables (COPY on PostgreSQL, batched INSERTs elsewhere): no audit
records, clocks or workflow tasks, which the case list never reads. The random stream is
seeded, so the same arguments give the same spread (dates are relative to now).

Each run adds to what is there (numbers continue the per-jurisdiction sequences, user names
continue their counter); it refuses to run with DEBUG off unless given --force.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from casework.kinds import all_kinds
from casework.models import Case, CaseParticipant, CaseSequence
from permissions.models import Department, Jurisdiction, Membership, Role, Unit
from permissions.services import ensure_units, load_departments, load_jurisdictions

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
USER_PREFIX = "bench."
BATCH = 20_000

# Share of cases and staff per jurisdiction: the districts carry the work, the city level
# leads what is escalated to it.
JURISDICTION_WEIGHTS = {
    "city": 6,
    "tengzhou": 24,
    "shizhong": 17,
    "xuecheng": 14,
    "yicheng": 10,
    "gaoxin": 10,
    "taierzhuang": 9,
    "shanting": 10,
}
DEPARTMENT_STAFF = {
    "hrss": 30,
    "police": 36,
    "market": 14,
    "health": 7,
    "housing": 5,
    "drc": 4,
    "finance": 4,
}
ROLE_WEIGHTS = {Role.OFFICER: 64, Role.CLERK: 12, Role.SUPERVISOR: 14, Role.VIEWER: 10}
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


def _weighted(rng: random.Random, weights: dict) -> object:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _tracking(n: int) -> str:
    """A unique, random-looking tracking number for the n-th generated case."""
    base = len(TRACKING_ALPHABET)
    # A multiplier coprime with base**10 permutes the codes, so consecutive cases differ.
    value = (n * 7_919_004_421) % base**10
    chars = []
    for _ in range(10):
        value, digit = divmod(value, base)
        chars.append(TRACKING_ALPHABET[digit])
    return "GB" + "".join(chars)


class Organisation:
    """Units by (department code, jurisdiction code), with the generated officers per unit."""

    def __init__(self) -> None:
        if not Jurisdiction.objects.exists():
            load_jurisdictions(FIXTURES / "zaozhuang-jurisdictions.csv")
        if not Department.objects.exists():
            load_departments(FIXTURES / "departments.csv")
        ensure_units()
        self.jurisdictions = {j.code: j for j in Jurisdiction.objects.all()}
        self.departments = {d.code: d for d in Department.objects.all()}
        self.units: dict[tuple[str, str], Unit] = {
            (u.department.code, u.jurisdiction.code): u
            for u in Unit.objects.select_related("department", "jurisdiction")
        }
        self.root = next(j.code for j in self.jurisdictions.values() if j.parent_id is None)
        self.jur_weights = {code: JURISDICTION_WEIGHTS.get(code, 8) for code in self.jurisdictions}
        self.officers: dict[int, list[int]] = defaultdict(list)
        for unit_id, user_id in Membership.objects.filter(
            role=Role.OFFICER, active=True
        ).values_list("unit_id", "user_id"):
            self.officers[unit_id].append(user_id)


def create_users(org: Organisation, n: int, rng: random.Random) -> int:
    """`n` users; the first ones hold every role of every unit once, so that each persona
    exists, the rest are spread by department, jurisdiction and role weights."""
    User = get_user_model()
    start = User.objects.filter(username__startswith=USER_PREFIX).count()
    seats = [(dept, jur, role) for (dept, jur) in sorted(org.units) for role in ROLE_WEIGHTS]
    staff = {d: DEPARTMENT_STAFF.get(d, 3) for d in org.departments}
    plan: list[list[tuple[str, str, str]]] = []
    for i in range(start, start + n):
        if i < len(seats):
            plan.append([seats[i]])
            continue
        dept = _weighted(rng, staff)
        jur = _weighted(rng, org.jur_weights)
        role = _weighted(rng, ROLE_WEIGHTS)
        held = [(dept, jur, role)]
        if rng.random() < 0.05:
            # Some hold a second role in their unit (an officer who also registers cases).
            other = _weighted(rng, {r: w for r, w in ROLE_WEIGHTS.items() if r != role})
            held.append((dept, jur, other))
        plan.append(held)
    users = [
        User(
            username=f"{USER_PREFIX}{held[0][0]}.{held[0][2]}.{held[0][1]}.{start + k:05d}",
            password="!",  # unusable: benchmark users never log in with a password
            is_active=True,
        )
        for k, held in enumerate(plan)
    ]
    User.objects.bulk_create(users, batch_size=2000)
    ids = dict(
        User.objects.filter(username__in=[u.username for u in users]).values_list("username", "pk")
    )
    memberships = []
    for user, held in zip(users, plan, strict=True):
        for dept, jur, role in held:
            unit = org.units[(dept, jur)]
            memberships.append(Membership(user_id=ids[user.username], unit=unit, role=role))
            if role == Role.OFFICER:
                org.officers[unit.pk].append(ids[user.username])
    Membership.objects.bulk_create(memberships, batch_size=2000)
    return len(users)


class CaseGenerator:
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
            raise CommandError("no registered case kind has a lead department with units")
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

    def rows(self, first_id: int, n: int):
        """Yield (case row, participant rows) for `n` cases with ids from `first_id`."""
        org, rng, now = self.org, self.rng, self.now
        for case_id in range(first_id, first_id + n):
            kind = _weighted(rng, self.kind_weights)
            spec = self.kinds[kind]
            jur_code = _weighted(rng, org.jur_weights)
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
                _tracking(case_id),
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


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _write(model, columns: tuple[str, ...], rows: list[tuple]) -> None:
    if not rows:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cols = ", ".join(columns)
            with cursor.cursor.copy(f"COPY {_table(model)} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        ops = connection.ops
        adapted = []
        for row in rows:
            out = []
            for value in row:
                if isinstance(value, datetime):
                    value = ops.adapt_datetimefield_value(value)
                elif isinstance(value, Decimal):
                    value = str(value)
                elif hasattr(value, "isoformat"):
                    value = ops.adapt_datefield_value(value)
                out.append(value)
            adapted.append(out)
        marks = ", ".join(["%s"] * len(columns))
        cursor.executemany(
            f"INSERT INTO {_table(model)} ({', '.join(columns)}) VALUES ({marks})", adapted
        )


def _bulk_load_postgresql() -> tuple[list[str], bool]:
    """Prepare an empty case table for a bulk load; return the index DDL to run after it.

    Building an index once over the loaded rows is several times faster than updating it
    row by row, and the generated rows are valid by construction, so a superuser skips the
    foreign-key triggers for this transaction. Both are undone by a rollback. Returns the
    DDL and whether the triggers are off.
    """
    tables = [Case._meta.db_table, CaseParticipant._meta.db_table]
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        superuser = cursor.fetchone()[0]
        if superuser:
            cursor.execute("SET LOCAL session_replication_role = replica")
        if Case.objects.exists():
            return [], superuser
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes "
            "WHERE schemaname = current_schema() AND tablename = ANY(%s) "
            "AND indexname NOT IN (SELECT conname FROM pg_constraint)",
            [tables],
        )
        indexes = cursor.fetchall()
        for name, _ddl in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    return [ddl for _name, ddl in indexes], superuser


def create_cases(org: Organisation, n: int, rng: random.Random) -> tuple[int, int]:
    generator = CaseGenerator(org, rng, timezone.now())
    rebuild, triggers_off = (
        _bulk_load_postgresql() if connection.vendor == "postgresql" else ([], False)
    )
    first_id = (Case.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    cases: list[tuple] = []
    participants: list[tuple] = []
    written = linked = 0
    for case, parts in generator.rows(first_id, n):
        cases.append(case)
        participants.extend(parts)
        if len(cases) >= BATCH:
            _write(Case, CASE_COLUMNS, cases)
            _write(CaseParticipant, PARTICIPANT_COLUMNS, participants)
            written += len(cases)
            linked += len(participants)
            cases, participants = [], []
    _write(Case, CASE_COLUMNS, cases)
    _write(CaseParticipant, PARTICIPANT_COLUMNS, participants)
    written += len(cases)
    linked += len(participants)
    generator.save_sequences()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for ddl in rebuild:
                cursor.execute(ddl)
            if triggers_off:
                cursor.execute("SET LOCAL session_replication_role = DEFAULT")
            # The ids were given explicitly: move the sequence past them.
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{Case._meta.db_table}', 'id'), "
                f"(SELECT MAX(id) FROM {_table(Case)}))"
            )
    return written, linked


class Command(BaseCommand):
    help = (
        "Generate benchmark data: users with memberships over every unit and role, and "
        "cases over every kind, jurisdiction, lead unit, status and three years of dates."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=1_000_000, metavar="N")
        parser.add_argument("--users", type=int, default=10_000, metavar="N")
        parser.add_argument("--seed", type=int, default=20_260_101, help="random seed")
        parser.add_argument(
            "--force",
            action="store_true",
            help="run even though DEBUG is off (it fills the database with made-up cases)",
        )

    def handle(self, *args, cases: int, users: int, seed: int, force: bool, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: bench_populate fills this database with made-up cases and "
                "users, so it refuses to run here. Pass --force to run it anyway."
            )
        if cases < 0 or users < 0:
            raise CommandError("--cases and --users must be zero or more")
        rng = random.Random(seed)
        started = time.monotonic()
        with transaction.atomic():
            org = Organisation()
            made_users = create_users(org, users, rng)
            users_done = time.monotonic()
            made_cases, linked = create_cases(org, cases, rng)
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # Fresh statistics and visibility map, as a database in service would have.
            with connection.cursor() as cursor:
                for model in (Case, CaseParticipant, Membership):
                    cursor.execute(f"VACUUM ANALYZE {_table(model)}")
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"bench_populate: {made_users} users ({users_done - started:.1f} s), "
            f"{made_cases} cases with {linked} participant links "
            f"({elapsed - (users_done - started):.1f} s); {elapsed:.1f} s in all"
        )
