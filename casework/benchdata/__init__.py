"""A city's worth of users and cases for the benchmarks (`manage.py bench_populate`).

Generates, on top of the jurisdictions, departments and units (loaded from `fixtures/`
when missing), users with memberships spread over units and roles and cases spread over
the registered kinds, jurisdictions, lead units, statuses and three years of dates, a few
percent of them with participating units. Cases are written straight into the tables (COPY
on PostgreSQL, batched INSERTs elsewhere): no audit records, clocks or workflow tasks,
which the case list never reads. The random stream is seeded, so the same arguments give
the same spread (dates are relative to now). Each run adds to what is there: numbers
continue the per-jurisdiction sequences, user names continue their counter.

    weights       how users and cases are spread over jurisdictions, departments, roles
    organisation  the units the data is generated over
    users         the generated users and their memberships
    cases         the generated cases and their participating units
    tables        writing rows straight into the tables
"""

from .cases import NoKindToGenerate, create_cases
from .organisation import Organisation
from .tables import vacuum_analyze
from .users import create_users

__all__ = ["NoKindToGenerate", "Organisation", "create_cases", "create_users", "vacuum_analyze"]
