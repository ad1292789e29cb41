"""Page forms.

Transition payloads (and the public complaint) are validated by the DRF serializers that the
API uses too, so the pages do not declare those fields a second time: `fields_for` reads the
serializer and describes each field for the template, `payload_from_post` turns the posted
form back into the serializer's input, and `errors_by_field` lays the serializer's (possibly
nested) errors next to the fields they belong to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from .payloads import MONEY_PATTERN, MoneyField

NON_FIELD = "non_field"
NUMBER_ONLY = ("min", "max", "step")
# Longer free text gets a textarea; short text (names, codes) a single-line input.
_SHORT_TEXT_MAX = 200


@dataclass
class FieldView:
    """One form field as the template renders it (`templates/includes/field.html`)."""

    name: str
    label: str
    widget: str  # text | textarea | number | date | select | radio | lines | checkboxes | verdicts
    required: bool = False
    value: str = ""
    errors: list[str] = field(default_factory=list)
    choices: list[tuple[str, str]] = field(default_factory=list)
    attrs: dict[str, str] = field(default_factory=dict)
    help_text: str = ""
    input_type: str = "text"
    id_prefix: str = "f"
    # verdicts: one row per item, {"code", "label", "verdict" ("pass"/"fail"/""), "note"}.
    rows: list[dict] = field(default_factory=list)

    @property
    def selected(self) -> list[str]:
        """The checked values of a checkbox group (kept one per line in `value`)."""
        return self.value.split("\n") if self.value else []

    @property
    def html_id(self) -> str:
        return f"{self.id_prefix}-{self.name.replace('.', '-')}"


@dataclass
class FieldOverride:
    """Page-specific presentation of a serializer field (a select of known rows, a hint)."""

    choices: list[tuple[str, str]] | None = None
    blank_label: str | None = None
    input_type: str | None = None
    help_text: str = ""
    attrs: dict[str, str] = field(default_factory=dict)
    label: str | None = None


def _walk(serializer: serializers.Serializer, prefix: str = ""):
    for name, f in serializer.fields.items():
        if f.read_only:
            continue
        path = f"{prefix}{name}"
        if isinstance(f, serializers.Serializer):
            yield from _walk(f, f"{path}.")
        else:
            yield path, f


def _describe(path: str, f: serializers.Field, override: FieldOverride | None) -> FieldView:
    view = FieldView(
        name=path,
        label=str(f.label or path),
        widget="text",
        required=bool(f.required),
        help_text=str(f.help_text or ""),
    )
    if isinstance(f, serializers.BooleanField):
        view.widget = "radio"
        view.choices = [("true", str(_("是"))), ("false", str(_("否")))]
    elif isinstance(f, serializers.ChoiceField):
        view.widget = "select"
        view.choices = [(str(k), str(v)) for k, v in f.choices.items()]
    elif isinstance(f, MoneyField):
        # Text, not type=number: a number input drops what it cannot read ("一千", "1e5"),
        # so the error would come back beside an empty field.
        view.attrs = {"inputmode": "decimal", "pattern": MONEY_PATTERN, "autocomplete": "off"}
    elif isinstance(f, serializers.DecimalField):
        view.widget = "number"
        view.input_type = "number"
        view.attrs = {"step": str(10 ** -(f.decimal_places or 0)), "inputmode": "decimal"}
        if f.min_value is not None:
            view.attrs["min"] = str(f.min_value)
    elif isinstance(f, serializers.IntegerField):
        view.widget = "number"
        view.input_type = "number"
        view.attrs = {"step": "1", "inputmode": "numeric"}
        if f.min_value is not None:
            view.attrs["min"] = str(f.min_value)
        if f.max_value is not None:
            view.attrs["max"] = str(f.max_value)
    elif isinstance(f, serializers.DateField):
        view.widget = "date"
        view.input_type = "date"
    elif isinstance(f, serializers.ListField) and hasattr(f.child, "page_items"):
        # A verdict per item of the case's own list (an inspection's checklist): a table of
        # pass / fail choices and notes instead of typed lines.
        view.widget = "verdicts"
    elif isinstance(f, serializers.ListField) and isinstance(f.child, serializers.ChoiceField):
        # A list drawn from a fixed catalogue (a checklist): tick boxes, not typed codes.
        view.widget = "checkboxes"
        view.choices = [(str(k), str(v)) for k, v in f.child.choices.items()]
    elif isinstance(f, serializers.ListField):
        view.widget = "lines"
        view.help_text = view.help_text or str(_("每行一项"))
    elif isinstance(f, serializers.CharField):
        max_length = getattr(f, "max_length", None)
        if max_length is None or max_length > _SHORT_TEXT_MAX:
            view.widget = "textarea"
        if max_length:
            view.attrs = {"maxlength": str(max_length)}
    if override is not None:
        if override.choices is not None:
            view.widget = "select"
            view.choices = list(override.choices)
        if override.blank_label is not None:
            view.choices = [("", override.blank_label), *view.choices]
        if override.input_type:
            view.input_type = override.input_type
            if view.widget == "number" and override.input_type == "text":
                # A count typed as text: what was typed comes back with its error; the
                # number-only attributes mean nothing on a text input.
                view.widget = "text"
                view.attrs = {k: v for k, v in view.attrs.items() if k not in NUMBER_ONLY}
        if override.help_text:
            view.help_text = override.help_text
        if override.label:
            view.label = override.label
        view.attrs = {**view.attrs, **override.attrs}
    elif view.widget == "select" and not view.required:
        view.choices = [("", "——"), *view.choices]
    return view


def fields_for(
    serializer_class: type[serializers.Serializer],
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, list[str]] | None = None,
    overrides: dict[str, FieldOverride] | None = None,
    id_prefix: str = "f",
    context: dict | None = None,
) -> list[FieldView]:
    """Describe every writable field of the serializer (nested ones as `outer.inner`)."""
    serializer = serializer_class(context=context or {})
    values = values or {}
    errors = errors or {}
    overrides = overrides or {}
    out = []
    for path, f in _walk(serializer):
        view = _describe(path, f, overrides.get(path))
        view.id_prefix = id_prefix
        view.value = values.get(path, "")
        view.errors = [str(e) for e in errors.get(path, [])]
        if hasattr(f, "page_choices") and path not in overrides:
            # A choice among the case's own rows (a payment to correct): a select of them.
            view.widget = "select"
            view.choices = [("", str(_("请选择"))), *f.page_choices(context or {})]
            view.attrs = {}
        if view.widget == "verdicts":
            view.rows = [
                {
                    "code": code,
                    "label": label,
                    "verdict": values.get(f"{path}.{code}.verdict", ""),
                    "note": values.get(f"{path}.{code}.note", ""),
                }
                for code, label in f.child.page_items(context or {})
            ]
        out.append(view)
    return out


def field_names(serializer_class: type[serializers.Serializer]) -> list[str]:
    return [path for path, _f in _walk(serializer_class())]


def _set(target: dict, path: str, value: Any) -> None:
    *outer, last = path.split(".")
    for part in outer:
        target = target.setdefault(part, {})
    target[last] = value


def payload_from_post(
    serializer_class: type[serializers.Serializer], post, context: dict | None = None
) -> tuple[dict, dict[str, str]]:
    """The serializer's input from a posted form, and the raw values to show again.

    Empty fields are left out (see below). `context` is what the form was drawn with (the
    case), which a verdict table needs to know its rows.
    """
    serializer = serializer_class()
    data: dict = {}
    raw: dict[str, str] = {}
    for path, f in _walk(serializer):
        value = post.get(path, "")
        value = value.strip() if isinstance(value, str) else ""
        raw[path] = value
        if "." in path:
            # The nested object is always sent, so a missing inner field is reported on
            # that field rather than on the whole group.
            target = data
            for part in path.split(".")[:-1]:
                target = target.setdefault(part, {})
        if isinstance(f, serializers.ListField) and hasattr(f.child, "page_items") and not value:
            items = []
            for code, _label in f.child.page_items(context or {}):
                verdict = str(post.get(f"{path}.{code}.verdict", "")).strip()
                note = str(post.get(f"{path}.{code}.note", "")).strip()
                raw[f"{path}.{code}.verdict"], raw[f"{path}.{code}.note"] = verdict, note
                if verdict in ("pass", "fail"):
                    items.append({"item": code, "passed": verdict == "pass", "note": note})
            if items:
                _set(data, path, items)
            continue
        if isinstance(f, serializers.ListField) and isinstance(f.child, serializers.ChoiceField):
            ticked = post.getlist(path) if hasattr(post, "getlist") else [value]
            items = [v.strip() for v in ticked if isinstance(v, str) and v.strip()]
            raw[path] = "\n".join(items)
            if items:
                _set(data, path, items)
            continue
        if isinstance(f, serializers.ListField):
            items = [line.strip() for line in value.splitlines() if line.strip()]
            if items:
                _set(data, path, items)
            continue
        if value == "":
            # Left out rather than sent empty: an optional field takes its default, and a
            # required one is reported as missing ("该字段是必填项") instead of malformed.
            continue
        _set(data, path, value)
    return data, raw


def _flatten(errors: Any, prefix: str, out: dict[str, list[str]]) -> None:
    if isinstance(errors, dict):
        for key, sub in errors.items():
            key = str(key)
            if key in ("non_field_errors", "detail"):
                _flatten(sub, prefix.rstrip(".") or NON_FIELD, out)
            else:
                _flatten(sub, f"{prefix}{key}.", out)
        return
    name = prefix.rstrip(".") or NON_FIELD
    if isinstance(errors, list | tuple):
        for item in errors:
            if isinstance(item, dict | list | tuple):
                _flatten(item, prefix, out)
            else:
                out.setdefault(name, []).append(str(item))
    else:
        out.setdefault(name, []).append(str(errors))


def errors_by_field(errors: Any, field_names: list[str]) -> dict[str, list[str]]:
    """Serializer errors keyed by the form field they belong to; the rest under NON_FIELD.

    A nested error (`{"complainant": {"phone": [...]}}`) goes to `complainant.phone`; an error
    deeper than any field (an item of a list field) goes to the closest enclosing field.
    """
    flat: dict[str, list[str]] = {}
    _flatten(errors, "", flat)
    known = set(field_names)
    out: dict[str, list[str]] = {}
    for key, messages in flat.items():
        target = NON_FIELD
        parts = key.split(".")
        for i in range(len(parts), 0, -1):
            candidate = ".".join(parts[:i])
            if candidate in known:
                target = candidate
                break
        out.setdefault(target, []).extend(messages)
    return out
