"""`manage.py bench_populate`: a city's worth of users and cases for the list benchmark.

`--users` users with memberships over units and roles, and `--cases` cases over the
registered kinds, jurisdictions, lead units, statuses and three years of dates; what is
generated and how it is written is described in `casework.benchdata`. Each run adds to
what is there; it refuses to run with DEBUG off unless given --force.
"""

from __future__ import annotations

import random
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from casework.benchdata import (
    NoKindToGenerate,
    Organisation,
    create_cases,
    create_users,
    vacuum_analyze,
)
from casework.models import Case, CaseParticipant
from permissions.models import Membership


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
        try:
            with transaction.atomic():
                org = Organisation()
                made_users = create_users(org, users, rng)
                users_done = time.monotonic()
                made_cases, linked = create_cases(org, cases, rng)
        except NoKindToGenerate as exc:
            raise CommandError(str(exc)) from exc
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            vacuum_analyze(Case, CaseParticipant, Membership)
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"bench_populate: {made_users} users ({users_done - started:.1f} s), "
            f"{made_cases} cases with {linked} participant links "
            f"({elapsed - (users_done - started):.1f} s); {elapsed:.1f} s in all"
        )
