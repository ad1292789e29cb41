"""Joint operations 联合执法行动 (docs/joint-operations.md): the proxy with its FSM, the per-unit
report flow, the spec, the per-unit actions, API and pages, demo."""
