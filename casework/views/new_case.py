"""Opening a case of an internal kind (新建案件): choose the kind, then fill in its form.

The form is generated from the same serializers the API validates with: the generic fields
(`InternalOpenSerializer`) and the kind's own (`KindSpec.open_serializer`); a refused open
shows the errors next to their fields and keeps what was typed.
"""

from __future__ import annotations

from dataclasses import replace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from casework.actions import case_open_internal, openable_kinds
from casework.actions.opening import InternalOpenSerializer
from casework.errors import CaseworkError
from casework.forms import NON_FIELD, FieldOverride, errors_by_field, fields_for, payload_from_post
from casework.kinds import KindSpec
from casework.models import Market, MarketStatus
from permissions.models import Unit


def _serializers(spec: KindSpec) -> list[type]:
    if spec.public:
        # A complaint the unit received: the body its kind declares for officers.
        return [spec.intake.officer_serializer]
    return [InternalOpenSerializer] + ([spec.open_serializer] if spec.open_serializer else [])


def _form_fields(spec: KindSpec, units: list[Unit], values: dict, errors: dict):
    jurisdictions = {u.jurisdiction.code: u.jurisdiction for u in units}
    paths = [j.path for j in jurisdictions.values()]
    markets = [
        m
        for m in Market.objects.exclude(status=MarketStatus.CLOSED)
        .select_related("jurisdiction")
        .order_by("jurisdiction__path", "name")
        if any(m.jurisdiction.path.startswith(p) for p in paths)
    ]
    overrides = {
        "jurisdiction": FieldOverride(
            choices=[(code, j.name) for code, j in jurisdictions.items()],
            help_text=_("由您所在单位主办"),
        ),
        "market": FieldOverride(
            choices=[(str(m.pk), f"{m.name}（{m.jurisdiction.name}）") for m in markets],
            blank_label=_("不涉及零工市场"),
        ),
        "description": FieldOverride(attrs={"rows": "5"}),
    }
    if spec.public:
        # A complaint's fields under the names its kind gives them (a mediation's 请求金额, its
        # 收到调解申请日期); the public page's help texts speak to the worker and stay there.
        for name, label in spec.intake.labels.items():
            overrides[name] = replace(overrides.get(name, FieldOverride()), label=label)
        if "received_on" in spec.intake.help:
            overrides["received_on"] = replace(
                overrides.get("received_on", FieldOverride()),
                help_text=spec.intake.help["received_on"],
            )
    fields = []
    for serializer in _serializers(spec):
        fields += fields_for(
            serializer, values=values, errors=errors, overrides=overrides, id_prefix="open"
        )
    # The kind is chosen in the first step and travels as a hidden field; the free-text
    # account comes last, after the kind's own fields. A complaint leaves out the fields its
    # kind has no use for, as the public page does.
    hidden = {"kind", *(spec.intake.hidden if spec.public else ())}
    fields = [f for f in fields if f.name not in hidden or f.errors]
    return [f for f in fields if f.name != "description"] + [
        f for f in fields if f.name == "description"
    ]


def _render(request, kinds, spec, units, values, errors, status=200) -> HttpResponse:
    return render(
        request,
        "casework/case_new.html",
        {
            "nav": "new",
            "kinds": [(s, [u.name for u in us]) for s, us in kinds],
            "spec": spec,
            "fields": _form_fields(spec, units, values, errors) if spec else [],
            "errors": errors.get(NON_FIELD, []),
            "has_errors": bool(errors),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_new(request: HttpRequest) -> HttpResponse:
    kinds = openable_kinds(request.user)
    by_code = {spec.code: (spec, units) for spec, units in kinds}
    code = request.POST.get("kind") if request.method == "POST" else request.GET.get("kind")
    if not kinds:
        return render(
            request,
            "casework/error.html",
            {
                "status": 403,
                "title": _("无权新建案件"),
                "message": _("您所在单位不主办可由本系统新建的案件类型。"),
            },
            status=403,
        )
    if code not in by_code:
        if len(kinds) == 1 and request.method == "GET":
            code = kinds[0][0].code
        else:
            refused = {NON_FIELD: [_("请选择您可以新建的案件类型。")]} if code else {}
            status = 400 if request.method == "POST" else 200
            return _render(request, kinds, None, [], {}, refused, status=status)
    spec, units = by_code[code]
    if request.method == "GET":
        values = {"jurisdiction": units[0].jurisdiction.code}
        return _render(request, kinds, spec, units, values, {})
    data: dict = {"kind": spec.code}
    raw: dict[str, str] = {}
    names: list[str] = []
    for serializer in _serializers(spec):
        part, part_raw = payload_from_post(serializer, request.POST)
        data.update({k: v for k, v in part.items() if k != "kind"})
        raw.update(part_raw)
        names += list(part_raw)
    try:
        case = case_open_internal(actor=request.user, data=data)
    except CaseworkError as exc:
        errors = errors_by_field(exc.errors, names)
        return _render(request, kinds, spec, units, raw, errors, status=exc.status_code)
    if getattr(case, "access_code", ""):
        # Shown once on the case page (only its HMAC is stored): the recorder passes it on.
        messages.success(
            request,
            str(spec.intake.recorded_text)
            % {"tracking": case.tracking_number, "code": case.access_code},
        )
    return redirect("casework:case_detail", case_id=case.pk)
