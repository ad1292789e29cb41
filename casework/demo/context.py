"""What every demo seeder shares: the fixtures, the seeded random streams, the context."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

SEED = 2026
FIXTURES = Path(settings.BASE_DIR) / "fixtures"


def rng_for(stage: str) -> random.Random:
    """One independent, reproducible random stream per stage (a string seed is stable)."""
    return random.Random(f"{SEED}:{stage}")


@dataclass
class DemoContext:
    """What `seed_demo` hands to each kind's demo hook."""

    cases: int | None = None  # how many cases per kind; None: the kind's own default
    log: Callable[[str], None] = print
