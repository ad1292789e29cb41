"""Security incidents 治安事件 (docs/kinds.md): the proxy with its FSM, the spec, payloads, demo."""
