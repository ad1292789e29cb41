"""`manage.py seed_demo`: the demo city, its users, markets, employers and cases."""

from __future__ import annotations

import time

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.module_loading import import_string

from casework import demo
from casework.kinds import all_kinds


class Command(BaseCommand):
    help = (
        "Load the demo data: Zaozhuang's jurisdictions and units, users "
        "({department}.{role}.{jurisdiction}, password DEMO_PASSWORD), gig markets, employers "
        "and cases of every registered kind. Idempotent: a second run adds nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="seed even though DEBUG is off (the demo users share a published password)",
        )
        parser.add_argument(
            "--cases",
            type=int,
            default=None,
            metavar="N",
            help="demo cases per kind (default: each kind's own number, e.g. 300 wage arrears)",
        )

    def handle(self, *args, force: bool, cases: int | None, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: seed_demo creates users whose password is published, so it "
                "refuses to run here. Pass --force to seed anyway."
            )
        if cases is not None and cases < 0:
            raise CommandError("--cases must be zero or more")
        started = time.monotonic()
        if connection.vendor == "sqlite" and not connection.in_atomic_block:
            # Each action commits on its own; in WAL mode NORMAL skips the fsync per commit
            # (a crash may lose the last commits, never corrupt the file), which saves a
            # fifth or more of the seed, and an interrupted seed is simply run again.
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA synchronous=NORMAL")
        ctx = demo.DemoContext(cases=cases, log=self.stdout.write)
        stages = [
            ("organisation", demo.seed_organisation),
            ("users", demo.seed_users),
            ("markets", demo.seed_markets),
            ("employers", demo.seed_employers),
        ]
        for name, stage in stages:
            counts = stage()
            created = ", ".join(f"{v} {k}" for k, v in counts.items())
            self.stdout.write(f"{name}: created {created}")
        for spec in all_kinds():
            if not spec.demo:
                continue
            t0 = time.monotonic()
            n = import_string(spec.demo)(ctx)
            self.stdout.write(f"{spec.code}: created {n} cases ({time.monotonic() - t0:.1f} s)")
        # Apps other than the kinds seed after the cases: `demo_stages` on their AppConfig,
        # (name, dotted path) pairs, so that no module but this one imports demo code.
        for config in apps.get_app_configs():
            for name, path in getattr(config, "demo_stages", ()):
                self.stdout.write(f"{name}: created {import_string(path)(ctx)}")
        self.stdout.write(
            self.style.SUCCESS(f"demo data ready in {time.monotonic() - started:.1f} s")
        )
