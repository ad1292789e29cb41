"""The registry through which case kinds plug into the core.

`casework` names no kind: each app registers a `KindSpec` for its kinds in `AppConfig.ready`.
A kind's proxy model carries the django-fsm transitions (source and target live only there);
the spec adds what the FSM does not know: who may fire each transition, its payload, its
side effects on clocks and records, and what the complainant sees.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _
from django_fsm import get_all_FIELD_transitions  # noqa: F401  (re-exported for kinds)

if TYPE_CHECKING:
    from .actions.context import TransitionContext


@dataclass(frozen=True)
class Extension:
    """One extension a clock's article allows: its length and who approves it, in the
    statute's words. `days=None`: the approving decision fixes the length (e.g. the
    collective decision of 市场监督管理行政处罚程序规定 §64)."""

    days: int | None
    approver: Any  # e.g. 上一级公安机关批准
    basis: Any = ""  # the clause, when it differs from the clock's article


@dataclass(frozen=True)
class ClockSpec:
    """A legal clock as its article states it (docs/legal-basis.md has one row per clock).

    `legal_basis` is "《法规》第N条：wording"; the part before the colon is cited in refusals.
    `exclusions` are the `PauseReason` values whose time the article excludes from the
    period (none: the clock cannot be paused). `extensions` are the extensions it allows, in
    order. `owner` is the department whose units may pause it ("" = the lead unit's).
    """

    code: str
    title: str
    legal_basis: str
    day_unit: str  # "working" | "calendar"
    days: int
    start_event: Any = ""
    exclusions: tuple[str, ...] = ()
    extensions: tuple[Extension, ...] = ()
    owner: str = ""

    @property
    def extension_days(self) -> int:
        return (self.extensions[0].days or 0) if self.extensions else 0


@dataclass(frozen=True)
class TransitionSpec:
    name: str
    label: Any
    role: str  # "officer" | "supervisor"
    # "lead": a member of the lead unit; "participant:<dept>": of a participating unit of that
    # department; "parent": of the lead unit's parent unit (same department, the jurisdiction
    # above), for approvals the law gives to the higher authority (上级机关批准).
    side: str = "lead"
    serializer: type | None = None
    effect: Callable[[TransitionContext], None] | None = None
    # Extra business guard, checked after the state (False -> 409 with `refusal`).
    condition: Callable[[Any], bool] | None = None
    refusal: str = ""
    public_text: Any = None
    style: str = "primary"
    # A step nobody waits for (a correction): offered to whoever may fire it, but not listed
    # among what the case's open task expects.
    incidental: bool = False


@dataclass(frozen=True)
class PublicIntake:
    """How the public complaint page presents a kind the public files (`KindSpec.public`).

    Field names are those of the complaint (`amount_owed`, `occurred_on`, `description`,
    `workers_count`, ...); a label or help text not given here keeps the page's own.
    """

    lead: Any  # the page's opening paragraph for this kind
    facts: Any  # the legend of the section describing what happened
    hidden: tuple[str, ...] = ()  # fields the kind has no use for
    labels: dict[str, Any] = field(default_factory=dict)
    help: dict[str, Any] = field(default_factory=dict)
    # The kind's own checks of a valid complaint: `check(attrs)` → {field: [messages]}.
    check: Callable[[dict], dict[str, list]] | None = None
    # Where its tab stands among the public kinds' (lowest first).
    order: int = 0
    # How an officer records a complaint of the kind received in person, by letter or by
    # phone (登记), through `POST /api/v1/cases/` and the new-case page: the body's serializer
    # and `officer_open(actor=..., data=...)` → (case, access code). None: the public alone
    # files it.
    officer_serializer: type | None = None
    officer_open: Callable[..., Any] | None = None
    # What the complainant's status page says once it is filed (the opening's public text).
    submitted_text: Any = _("投诉已提交，等待受理")
    # What the case page calls the person who filed: their party role, the author of an
    # online filing on the timeline, and the reader of the steps they see.
    filer_role: Any = _("投诉人")
    filed_online: Any = _("投诉人（网上投诉）")
    filer_sees: Any = _("投诉人可见：")
    # The message to the officer who recorded one (with %(tracking)s and %(code)s, shown once).
    recorded_text: Any = _("投诉已登记。请将查询编号 %(tracking)s 和查询码 %(code)s 告知投诉人。")
    # The result in plain words, and what the complainant can do next, for the kind's own
    # final states: {status: (outcome, next_steps)}; a state not given reads as the core's.
    outcomes: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    # What the complainant can do once the deadline that binds an open case has passed
    # ("" for nothing to say): a mediation not agreed in its 15 days may go to arbitration.
    past_deadline: Any = ""


@dataclass
class KindSpec:
    code: str
    number_code: str
    label: Any
    lead_departments: tuple[str, ...]
    model: type
    statuses: type[TextChoices]
    initial_status: str
    final_states: frozenset[str]
    # The kind's transitions, each named once: a list of TransitionSpec (or a dict keyed by
    # their names), kept as a dict by name. `register` checks them against the FSM.
    transitions: dict[str, TransitionSpec] = field(default_factory=dict)
    # FSM transitions the system fires and no user may (e.g. when every unit has reported).
    system_transitions: tuple[str, ...] = ()
    public: bool = False
    # How the public complaint page presents the kind; required when `public`.
    intake: PublicIntake | None = None
    on_open: Callable[[Any], None] | None = None
    app_label: str = ""
    # Dotted path of the function seeding demo cases of this kind, imported by `manage.py
    # seed_demo` alone; it receives a casework.demo.DemoContext and returns the count.
    demo: str = ""
    # An internal kind's own opening fields (a DRF serializer); its validated data reaches
    # `on_open` as `case.details`. None for public kinds, filed through the public endpoint.
    open_serializer: type | None = None
    # Dotted path of a URLconf module with the kind's own API routes (beyond the generic case
    # endpoints), mounted under /api/v1/ by `casework.api.routes`; "" for none.
    api_urls: str = ""
    # What the kind adds to the case page: templates included after the case's facts on a
    # case of this kind (`panels`) and on a case of every other kind (`panels_elsewhere`,
    # e.g. the way back to the joint operation a case was handled in); the title of the
    # parties' section; templates added to the navigation bar (`nav`), each deciding
    # itself whom it shows to.
    panels: tuple[str, ...] = ()
    panels_elsewhere: tuple[str, ...] = ()
    parties_title: Any = _("当事人")
    nav: tuple[str, ...] = ()
    # The kind's cases carry wages owed and recovered (`amount_owed`, `amount_recovered`).
    tracks_wages: bool = False
    # Its share among the cases `manage.py bench_populate` generates (relative weight).
    bench_share: int = 2
    # Task lists of the kind's own flows, merged into every unit's queue and user's inbox:
    # `(queue, inbox)` pairs of callables (see `casework.selectors`).
    task_lists: tuple[tuple[Callable, Callable], ...] = ()
    # The roles whose holders may open an internal kind for their unit (the page offers the
    # kind to them only); the kind's `on_open` enforces any rule stricter than the role.
    open_roles: tuple[str, ...] = ("officer", "supervisor", "clerk")
    # What the statistics read of the kind (docs/statistics.md): the clock whose stop within
    # its due date is a timely response ("" when the kind has no response clock); the final
    # states that mean the matter was resolved; the transition whose recorded payload's
    # `satisfied` answers the follow-up (回访), "" when the kind has none.
    response_clock: str = ""
    resolved_states: frozenset[str] = frozenset()
    follow_up: str = ""
    # The kind's official documents, each with the transitions that issue it: a tuple of
    # `casework.documents.DocumentSpec` (docs/documents.md).
    documents: tuple = ()
    # Words for the audit events the kind records that are no transition of it (verb →
    # label), as the dossier's audit extract prints them; on whichever case they land.
    event_labels: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        items = (
            list(self.transitions.items())
            if isinstance(self.transitions, dict)
            else [(t.name, t) for t in self.transitions]
        )
        by_name: dict[str, TransitionSpec] = {}
        for key, spec in items:
            if key != spec.name or key in by_name:
                raise ValueError(f"kind {self.code}: transition {spec.name!r} named twice")
            by_name[key] = spec
        self.transitions = by_name

    def fsm_transition_names(self) -> set[str]:
        """The transitions the kind's model declares on its `status` field."""
        status = self.model._meta.get_field("status")
        return {t.name for t in status.get_all_transitions(self.model)}

    def status_label(self, status: str) -> str:
        if status == MERGED:
            return str(MERGED_LABEL)
        try:
            return str(self.statuses(status).label)
        except ValueError:
            return status

    def transition_names(self) -> list[str]:
        return list(self.transitions)


# A case merged into another (casework.actions.duplicates) ends in this state whatever its
# kind: it is not a transition of the kind's FSM but a final state every kind shares.
MERGED = "merged"
MERGED_LABEL = _("已合并")

_kinds: dict[str, KindSpec] = {}


def register(spec: KindSpec) -> None:
    """Make the kind known to the core. Refused: a code registered twice, and a spec whose
    transitions (with its system transitions) are not exactly the FSM transitions of its
    model: a transition the model cannot fire, or one it can fire that nobody declared."""
    if spec.code in _kinds:
        raise ValueError(f"kind {spec.code} registered twice")
    if spec.public and spec.intake is None:
        raise ValueError(f"kind {spec.code}: a public kind needs its PublicIntake")
    declared, fsm = (
        set(spec.transitions) | set(spec.system_transitions),
        spec.fsm_transition_names(),
    )
    if declared != fsm:
        raise ValueError(
            f"kind {spec.code}: transitions differ from {spec.model.__name__}'s FSM methods; "
            f"only in the spec: {sorted(declared - fsm)}, only on the model: {sorted(fsm - declared)}"
        )
    spec.final_states = frozenset(spec.final_states | {MERGED})
    _kinds[spec.code] = spec


def get_kind(code: str) -> KindSpec:
    try:
        return _kinds[code]
    except KeyError:
        raise LookupError(f"unknown case kind {code!r}") from None


def has_kind(code: str) -> bool:
    return code in _kinds


def all_kinds() -> list[KindSpec]:
    return list(_kinds.values())


def public_kinds() -> list[KindSpec]:
    """The kinds the public files, in the order of their tabs on the complaint page."""
    return sorted((k for k in _kinds.values() if k.public), key=lambda k: k.intake.order)


def case_panels(spec: KindSpec) -> list[str]:
    """The templates the page of a case of kind `spec` includes after its facts."""
    elsewhere = [p for k in _kinds.values() if k.code != spec.code for p in k.panels_elsewhere]
    return [*spec.panels, *elsewhere]


def event_labels() -> dict[str, Any]:
    """Every kind's `event_labels`, in one table."""
    return {verb: label for k in _kinds.values() for verb, label in k.event_labels.items()}


def nav_templates() -> list[str]:
    """The navigation entries the kinds add, in the kinds' order."""
    return [t for k in _kinds.values() for t in k.nav]
