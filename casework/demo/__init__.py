"""Demo data shared by every kind: organisation, users, gig markets and employers.

`manage.py seed_demo` calls the `seed_*` functions below, then each registered kind's
`KindSpec.demo` hook, which opens and walks its cases through the real actions (`Walk`)
and moves them into the past (`backdate`). Everything here is deterministic (seeded RNG)
and idempotent: rows that exist are left alone.

    context       the fixtures, the seeded random streams, what a kind's hook receives
    identities    person names, ID numbers, mobile numbers, credit codes
    organisation  departments, jurisdictions and units
    users         the demo users and their memberships
    markets       the gig markets
    employers     the employers (and gangmasters) the cases are brought against
    walks         walking a case through the actions, then backdating what it wrote
"""

from .context import DemoContext, rng_for
from .employers import DemoEmployer, demo_employers, is_gangmaster, seed_employers
from .identities import credit_code, id_number, person_name, phone
from .markets import MARKETS, seed_markets
from .organisation import seed_organisation
from .users import demo_usernames, seed_users
from .walks import Moves, Walk, backdate

__all__ = [
    "MARKETS",
    "DemoContext",
    "DemoEmployer",
    "Moves",
    "Walk",
    "backdate",
    "credit_code",
    "demo_employers",
    "demo_usernames",
    "id_number",
    "is_gangmaster",
    "person_name",
    "phone",
    "rng_for",
    "seed_employers",
    "seed_markets",
    "seed_organisation",
    "seed_users",
]
