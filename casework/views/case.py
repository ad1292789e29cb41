"""The case page and the forms posted from it (transitions, claim, assign, evidence)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from casework.actions import (
    available_transitions,
    case_assign,
    case_attach,
    case_claim,
    case_transition,
    clock_pause,
    clock_resume,
    record_download,
)
from casework.converters import parse_id
from casework.errors import InvalidInput
from casework.forms import (
    NON_FIELD,
    FieldOverride,
    FieldView,
    errors_by_field,
    field_names,
    fields_for,
    payload_from_post,
)
from casework.kinds import case_panels
from casework.models import Attachment, Case, CaseParticipant, PartyRole, Payment, TimelineEntry
from casework.payments import money_summary
from casework.policies import case_policy
from casework.presenters import PartyView, clocks_for, parties_for, payments_for
from casework.selectors import case_get_for_user
from permissions.models import Role
from permissions.selectors import members_with_role

from .common import case_errors, error_page, posted_version
from .transfer import transfer_panel

# Payload fields that name a worker of the case are chosen from its parties, not typed.
_WORKER_FIELDS = ("worker",)


@dataclass
class TransitionForm:
    name: str
    label: str
    style: str
    action: str
    fields: list[FieldView]
    errors: list[str] = field(default_factory=list)
    open: bool = False


@dataclass
class PartyRow:
    party: PartyView
    payments: list[Payment]
    paid: Decimal


def _worker_choices(parties: list[PartyView]) -> list[tuple[str, str]]:
    return [
        (str(p.id), f"{p.name}（{p.role_display}）")
        for p in parties
        if p.role in (PartyRole.WORKER, PartyRole.COMPLAINANT)
    ]


def _transition_forms(
    request: HttpRequest,
    case: Case,
    parties: list[PartyView],
    *,
    open_form: str = "",
    values: dict | None = None,
    errors: dict | None = None,
) -> list[TransitionForm]:
    workers = _worker_choices(parties)
    overrides = {name: FieldOverride(choices=workers) for name in _WORKER_FIELDS}
    forms = []
    for name in available_transitions(request.user, case):
        spec = case.spec.transitions[name]
        is_open = name == open_form
        fields: list[FieldView] = []
        field_errors: dict[str, list[str]] = {}
        if spec.serializer is not None:
            if is_open and errors:
                field_errors = errors_by_field(errors, field_names(spec.serializer))
            fields = fields_for(
                spec.serializer,
                values=values if is_open else None,
                errors=field_errors,
                overrides=overrides,
                id_prefix=name,
                context={"case": case},
            )
        elif is_open and errors:
            field_errors = errors_by_field(errors, [])
        forms.append(
            TransitionForm(
                name=name,
                label=str(spec.label),
                style=spec.style,
                action=reverse("casework:case_transition", args=[case.pk, name]),
                fields=fields,
                errors=field_errors.get(NON_FIELD, []),
                open=is_open,
            )
        )
    return forms


def _party_rows(parties: list[PartyView], payments: list[Payment]) -> list[PartyRow]:
    """Each party with its payments and corrections, and what reached them net."""
    by_party: dict[int, list[Payment]] = defaultdict(list)
    corrected = {p.corrects_id: p for p in payments if p.corrects_id}
    for payment in payments:
        payment.corrected_by = corrected.get(payment.pk)
        by_party[payment.party_id].append(payment)
    return [
        PartyRow(
            p, by_party.get(p.id, []), sum((x.amount for x in by_party.get(p.id, [])), Decimal(0))
        )
        for p in parties
    ]


def case_page_context(
    request: HttpRequest,
    case: Case,
    *,
    open_form: str = "",
    form_values: dict | None = None,
    form_errors: dict | None = None,
    upload_errors: dict | None = None,
    upload_description: str = "",
    assign_errors: dict | None = None,
) -> dict:
    user = request.user
    parties = parties_for(user, case, channel="page")
    can_assign = not case.is_final and case_policy.can(user, "assign", case)
    clock_views = clocks_for(case)
    # Prefetched on the case: the transitions' conditions read the same rows.
    payments_for(case)
    payments = list(case.payments.all())
    transitions = _transition_forms(
        request, case, parties, open_form=open_form, values=form_values, errors=form_errors
    )
    intake = case.spec.intake if case.spec.public else None
    return {
        "nav": "cases",
        "case": case,
        "panels": [*case_panels(case.spec), *_app_panels("case_panels")],
        "closing_panels": _app_panels("case_closing_panels"),
        **transfer_panel(request, case),
        "parties": _party_rows(parties, payments),
        "money": money_summary(case, payments) if case.spec.tracks_wages else None,
        # Wages owed, paid and recovered: only a kind that tracks wages has them. Another
        # kind's sum (a mediation's 请求金额) is one of its facts (`kind_facts`).
        "wages": bool(case.spec.tracks_wages and case.amount_owed),
        # Who filed, as the kind calls them (a mediation's 申请人, a complaint's 投诉人).
        "filed_online": intake.filed_online if intake else _("投诉人（网上投诉）"),
        "filer_sees": intake.filer_sees if intake else _("投诉人可见："),
        "pii_masked": any(p.masked for p in parties),
        "participants": CaseParticipant.objects.filter(case=case).select_related("unit"),
        "clocks": clock_views,
        "timeline": case.timeline.select_related("actor").order_by("at", "id"),
        "attachments": case.attachments.select_related("uploaded_by"),
        "transitions": transitions,
        "last_step": last_step(case, user) if transitions else None,
        "can_claim": not case.is_final and case_policy.can(user, "claim", case),
        "can_assign": can_assign,
        "officers": (
            members_with_role(case.lead_unit_id, Role.OFFICER).order_by("username")
            if can_assign
            else []
        ),
        "assign_errors": errors_by_field(assign_errors, ["assignee"]) if assign_errors else {},
        "can_attach": case_policy.can(user, "attach", case),
        # The clocks this user may pause or resume: those whose article excludes some
        # time, owned by the user's department on the case.
        "controllable_clocks": set()
        if case.is_final
        else {
            v.clock.code
            for v in clock_views
            if v.clock.exclusions and case_policy.can(user, f"control_clock:{v.clock.owner}", case)
        },
        "upload_errors": (
            errors_by_field(upload_errors, ["file", "description"]) if upload_errors else {}
        ),
        "upload_description": upload_description,
    }


def last_step(case: Case, user) -> TimelineEntry | None:
    """The case's latest step (a transition's record) when someone other than `user` took
    it: what a decision now open to the user answers, such as the request a supervisor is
    to approve or the reason a closure came back, shown beside the decision."""
    entry = (
        case.timeline.filter(verb__in=list(case.spec.transitions))
        .select_related("actor")
        .order_by("-at", "-id")
        .first()
    )
    return entry if entry is not None and entry.actor_id != user.pk else None


def _app_panels(attribute: str) -> list[str]:
    """Templates other apps add to every case page: `case_panels` (after the facts) and
    `case_closing_panels` (at the end) on their AppConfig; each decides itself what it shows."""
    return [t for config in apps.get_app_configs() for t in getattr(config, attribute, ())]


def _bad_request(request: HttpRequest) -> HttpResponse:
    return error_page(request, 400, _("提交的请求无效，请刷新页面后重试。"))


def _back(case_id: int) -> HttpResponse:
    return redirect("casework:case_detail", case_id=case_id)


@login_required
@require_GET
@case_errors
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_get_for_user(request.user, case_id)
    return render(request, "casework/case_detail.html", case_page_context(request, case))


@login_required
@require_POST
@case_errors
def transition(request: HttpRequest, case_id: int, name: str) -> HttpResponse:
    case = case_get_for_user(request.user, case_id)
    spec = case.spec.transitions.get(name)
    if spec is None:
        raise Http404(_("该类案件没有此操作。"))
    if request.POST.get("version", "").strip() and posted_version(request) is None:
        return _bad_request(request)
    data, raw = (
        payload_from_post(spec.serializer, request.POST, context={"case": case})
        if spec.serializer
        else ({}, {})
    )
    try:
        case_transition(
            actor=request.user,
            case_id=case.pk,
            name=name,
            data=data,
            version=posted_version(request),
        )
    except InvalidInput as exc:
        case = case_get_for_user(request.user, case_id)
        context = case_page_context(
            request, case, open_form=name, form_values=raw, form_errors=exc.errors
        )
        return render(request, "casework/case_detail.html", context, status=400)
    messages.success(request, _("已完成：%(label)s") % {"label": spec.label})
    return _back(case.pk)


@login_required
@require_POST
@case_errors
def claim(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_claim(actor=request.user, case_id=case_id, version=posted_version(request))
    messages.success(request, _("已认领案件 %(number)s。") % {"number": case.number})
    return _back(case.pk)


@login_required
@require_POST
@case_errors
def assign(request: HttpRequest, case_id: int) -> HttpResponse:
    case_get_for_user(request.user, case_id)
    assignee_id = parse_id(request.POST.get("assignee"))
    assignee = get_user_model().objects.filter(pk=assignee_id).first() if assignee_id else None
    try:
        case = case_assign(
            actor=request.user, case_id=case_id, assignee=assignee, version=posted_version(request)
        )
    except InvalidInput as exc:
        case = case_get_for_user(request.user, case_id)
        context = case_page_context(request, case, assign_errors=exc.errors)
        return render(request, "casework/case_detail.html", context, status=400)
    messages.success(
        request,
        _("已将案件分派给 %(name)s。")
        % {"name": case.assignee.get_full_name() or case.assignee.username},
    )
    return _back(case.pk)


@login_required
@require_POST
@case_errors
def attachment_upload(request: HttpRequest, case_id: int) -> HttpResponse:
    # Visibility first: an invisible case is a 404 even when the upload itself is bad.
    case_get_for_user(request.user, case_id)
    description = request.POST.get("description", "").strip()
    try:
        attachment = case_attach(
            actor=request.user,
            case_id=case_id,
            upload=request.FILES.get("file"),
            description=description,
        )
    except InvalidInput as exc:
        case = case_get_for_user(request.user, case_id)
        context = case_page_context(
            request, case, upload_errors=exc.errors, upload_description=description
        )
        return render(request, "casework/case_detail.html", context, status=400)
    messages.success(request, _("已上传证据：%(name)s") % {"name": attachment.original_name})
    return _back(case_id)


@login_required
@require_GET
@case_errors
def attachment_download(request: HttpRequest, case_id: int, attachment_id: int) -> FileResponse:
    case = case_get_for_user(request.user, case_id)
    attachment = Attachment.objects.filter(case_id=case.pk, pk=attachment_id).first()
    if attachment is None:
        raise Http404(_("附件不存在。"))
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("附件不存在。")) from None
    record_download(actor=request.user, attachment=attachment)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )


@login_required
@require_POST
@case_errors
def clock_control(request: HttpRequest, case_id: int, code: str, op: str) -> HttpResponse:
    """Pause (with a statutory reason) or resume one of the case's legal clocks."""
    case_get_for_user(request.user, case_id)
    if op not in ("pause", "resume"):
        raise Http404()
    if request.POST.get("version", "").strip() and posted_version(request) is None:
        return _bad_request(request)
    try:
        if op == "pause":
            clock_pause(
                actor=request.user,
                case_id=case_id,
                code=code,
                reason=request.POST.get("reason", ""),
                note=request.POST.get("note", "").strip(),
                version=posted_version(request),
            )
            messages.success(request, _("已中止计时。"))
        else:
            clock_resume(
                actor=request.user, case_id=case_id, code=code, version=posted_version(request)
            )
            messages.success(request, _("已恢复计时。"))
    except InvalidInput as exc:
        text = "；".join(str(m) for msgs in exc.errors.values() for m in msgs)
        return error_page(request, 400, text)
    return _back(case_id)
