"""Market rectification 零工市场整治 (docs/rectification.md): the proxy with its FSM, the spec,
market supervision's procedure on the case, the fixed-point watch (`patrols/`), pages, demo."""
