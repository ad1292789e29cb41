"""Inspections 安全与卫生检查 (docs/kinds.md): the proxy with its FSM, the checklist catalogue and
payloads, the spec, the results panel, demo."""
