"""Public pages, no login: filing a complaint and following it with tracking number and code.

Mobile first: most complainants use a phone at the market. Validation is the API's own
serializer (`PublicComplaintSerializer`), so a page and an app never disagree on what a valid
complaint is.
"""

from __future__ import annotations

import time

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_http_methods

from casework.actions import check_access_code
from casework.api.throttling import LookupThrottles, PublicComplaintThrottle
from casework.documents.access import (
    is_document_name,
    open_document,
    public_documents,
    record_document_download,
)
from casework.errors import CaseworkError
from casework.forms import NON_FIELD, FieldOverride, errors_by_field, fields_for, payload_from_post
from casework.kinds import KindSpec, public_kinds
from casework.models import Market, MarketStatus
from casework.public_status import public_facts
from casework.selectors import case_by_tracking, public_timeline
from casework.validators import normalise_access_code, normalise_tracking_number
from permissions.models import Jurisdiction

from .actions import file_public_complaint
from .limits import refusal
from .payloads import PublicComplaintSerializer

_SESSION_KEY = "public_complaint_filed"
_SHOW_CODE_SECONDS = 30 * 60


def _districts() -> list[Jurisdiction]:
    rows = list(Jurisdiction.objects.filter(depth__gte=1).order_by("path"))
    return rows or list(Jurisdiction.objects.order_by("path"))


def _markets() -> list[Market]:
    return list(
        Market.objects.exclude(status__in=[MarketStatus.BANNED, MarketStatus.CLOSED])
        .select_related("jurisdiction")
        .order_by("jurisdiction__path", "name")
    )


def _page_kind(values: dict) -> KindSpec:
    """The public kind the page is about: the one asked for, else the first tab."""
    kinds = public_kinds()
    chosen = [k for k in kinds if k.code == values.get("kind")]
    return (chosen or kinds)[0]


def _complaint_fields(values: dict, errors: dict):
    # What the page says for the kind; the fields it has no use for are left off the page
    # (the serializer's defaults stand in for them).
    page = _page_kind(values).intake
    kinds = [(k.code, str(k.label)) for k in public_kinds()]
    districts = _districts()
    markets = _markets()
    overrides = {
        "kind": FieldOverride(choices=kinds),
        "jurisdiction": FieldOverride(
            choices=[(j.code, j.name) for j in districts], blank_label=_("请选择区县")
        ),
        "complainant.name": FieldOverride(attrs={"autocomplete": "name"}),
        "complainant.phone": FieldOverride(
            input_type="tel", attrs={"autocomplete": "tel", "inputmode": "numeric"}
        ),
        "complainant.id_number": FieldOverride(
            attrs={"autocomplete": "off", "autocapitalize": "characters"},
            help_text=_("18位居民身份证号码"),
        ),
        "employer.name": FieldOverride(help_text=_("公司名称，或包工头的姓名")),
        "employer.credit_code": FieldOverride(
            attrs={"autocapitalize": "characters"},
            help_text=_("选填，营业执照上的18位代码"),
        ),
        "market": FieldOverride(
            choices=[(str(m.pk), f"{m.name}（{m.jurisdiction.name}）") for m in markets],
            blank_label=_("不是通过零工市场找的活 / 不清楚"),
            help_text=_("选填，在哪个零工市场找到的这份工作"),
        ),
        # Text with a digit keypad: what was typed ("几个") comes back with its error.
        "workers_count": FieldOverride(
            input_type="text",
            attrs={"inputmode": "numeric", "pattern": "[0-9]+", "autocomplete": "off"},
            help_text=_("包括您自己，共有几人被拖欠工资"),
        ),
        "amount_owed": FieldOverride(
            label=page.labels.get("amount_owed"),
            help_text=page.help.get("amount_owed") or _("被拖欠的工资总额，单位：元"),
        ),
        "occurred_on": FieldOverride(
            label=page.labels.get("occurred_on") or _("欠薪发生日期"),
            help_text=page.help.get("occurred_on") or _("应发而未发工资的日期，记不清可填大概日期"),
            attrs={"max": timezone.localdate().isoformat()},
        ),
        "violation_continuing": FieldOverride(
            label=page.labels.get("violation_continuing"),
            help_text=page.help.get("violation_continuing") or "",
        ),
        "violation_ended_on": FieldOverride(
            label=page.labels.get("violation_ended_on"),
            help_text=page.help.get("violation_ended_on") or "",
            attrs={"max": timezone.localdate().isoformat()},
        ),
        "description": FieldOverride(
            help_text=page.help.get("description")
            or _("在哪里干活、干了多久、约定的工资、拖欠的经过"),
            attrs={"rows": "5"},
        ),
    }
    fields = fields_for(
        PublicComplaintSerializer,
        values=values,
        errors=errors,
        overrides=overrides,
        id_prefix="complaint",
    )
    # A hidden field still shows when the posted complaint got it wrong (a value sent
    # under another kind), or its error would be lost.
    fields = [f for f in fields if f.name not in page.hidden or f.errors]
    # The market select narrows to the chosen district in the browser (static/js).
    market_paths = {str(m.pk): m.jurisdiction.path for m in markets}
    jurisdiction_paths = {j.code: j.path for j in districts}
    return fields, market_paths, jurisdiction_paths


# The form in the order a complainant thinks about it; fields added to the serializer later
# land in the last group.
_GROUPS = (
    (_l("投诉事项"), ("kind", "jurisdiction", "market")),
    (_l("您的信息"), ("complainant.name", "complainant.phone", "complainant.id_number")),
    (_l("用人单位"), ("employer.name", "employer.credit_code")),
    (
        None,
        (
            "workers_count",
            "amount_owed",
            "occurred_on",
            "violation_continuing",
            "violation_ended_on",
            "description",
        ),
    ),
)


def _render_form(request: HttpRequest, values: dict, errors: dict, status: int = 200):
    fields, market_paths, jurisdiction_paths = _complaint_fields(values, errors)
    by_name = {f.name: f for f in fields}
    groups = []
    kind = _page_kind(values)
    for legend, names in _GROUPS:
        legend = legend or kind.intake.facts
        groups.append((legend, [by_name.pop(n) for n in names if n in by_name]))
    groups[-1][1].extend(by_name.values())
    # The summary at the top names each wrong field and links to it, in the page's order.
    wrong = [
        (f.html_id, f.label, f.errors[0]) for _legend, group in groups for f in group if f.errors
    ]
    return render(
        request,
        "disputes/intake/complaint_form.html",
        {
            "nav": "complaint",
            "groups": groups,
            "errors": errors.get(NON_FIELD, []),
            "has_errors": bool(errors),
            "wrong_fields": wrong,
            "market_paths": market_paths,
            "kind": kind.code,
            "kind_label": kind.label,
            "kind_lead": kind.intake.lead,
            "kind_tabs": [(k.code, k.label) for k in public_kinds()],
            "jurisdiction_paths": jurisdiction_paths,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def complaint(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        kind = _page_kind({"kind": request.GET.get("kind")}).code
        # The radio shows its default (否) chosen, as the serializer takes it.
        initial = {"kind": kind, "workers_count": "1", "violation_continuing": "false"}
        return _render_form(request, initial, {})
    data, raw = payload_from_post(PublicComplaintSerializer, request.POST)
    # Every submission counts, valid or not, as on the API.
    refused = refusal(PublicComplaintThrottle(), request)
    if refused:
        return refused.told(_render_form(request, raw, {NON_FIELD: [refused.text]}, status=429))
    serializer = PublicComplaintSerializer(data=data)
    if not serializer.is_valid():
        errors = errors_by_field(serializer.errors, list(raw))
        return _render_form(request, raw, errors, status=400)
    try:
        case, access_code = file_public_complaint(serializer.validated_data)
    except CaseworkError as exc:
        errors = errors_by_field(exc.errors, list(raw))
        return _render_form(request, raw, errors, status=exc.status_code)
    # Shown on the next page (and on reload of it, for a while) in this browser only; the
    # code is stored hashed, so this is the one place the complainant can read it.
    request.session[_SESSION_KEY] = {
        "at": time.time(),
        "tracking_number": case.tracking_number,
        "access_code": access_code,
        "kind": str(case.spec.label),
        "unit": case.lead_unit.name,
        "deadline": case.deadline.isoformat() if case.deadline else "",
    }
    return redirect("disputes:complaint_filed")


def complaint_filed(request: HttpRequest) -> HttpResponse:
    filed = request.session.get(_SESSION_KEY)
    if filed and time.time() - filed.get("at", 0) > _SHOW_CODE_SECONDS:
        # A phone is often shared: the code does not stay readable for whoever comes next.
        del request.session[_SESSION_KEY]
        filed = None
    if not filed:
        return redirect("disputes:complaint")
    return render(
        request, "disputes/intake/complaint_filed.html", {"nav": "complaint", "filed": filed}
    )


def _track_form(request: HttpRequest, number: str = "", *, status: int = 200, **flags):
    return render(
        request,
        "disputes/intake/track_form.html",
        {"nav": "track", "values": {"tracking_number": number}, **flags},
        status=status,
    )


def _typed_lookup(post) -> tuple[str, str]:
    """The tracking number and access code as typed, normalised before the lookup (a phone's
    IME types full-width digits, people copy the code in groups); a wrong one still counts
    against the throttle."""
    number = normalise_tracking_number(str(post.get("tracking_number", "")))[:20]
    code = normalise_access_code(str(post.get("access_code", "")))[:20]
    return number, code


@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """Status of a complaint for whoever holds its tracking number and access code.

    Posted, not in the query string, so the code stays out of logs and browser history. An
    unknown number and a wrong code get the same answer, so numbers cannot be probed.
    """
    if request.method == "GET":
        return _track_form(request)
    number, code = _typed_lookup(request.POST)
    throttle = LookupThrottles(number)
    refused = refusal(throttle, request)
    if refused:
        return refused.told(_track_form(request, number, refused=refused.text, status=429))
    case = case_by_tracking(number) if number else None
    if case is None or not check_access_code(case, code):
        throttle.failed()
        return _track_form(request, number, not_found=True, status=404)
    case.as_kind()
    history = (
        public_timeline(case)
        .exclude(public_text="")
        .order_by("at", "id")
        .values("at", "public_text")
    )
    return render(
        request,
        "disputes/intake/track_status.html",
        {
            "nav": "track",
            "case": case,
            "status_display": case.get_status_display(),
            "kind_display": case.get_kind_display(),
            "unit": case.lead_unit.name,
            "history": list(history),
            "closed": case.is_final,
            "documents": list(public_documents(case)),
            "access_code": code,
            "facts": public_facts(case),
        },
    )


@require_http_methods(["POST"])
def track_document(request: HttpRequest) -> HttpResponse:
    """A document addressed to the complainant, for whoever holds the tracking number and
    access code (posted again with each download, never in the URL). Anything else is the
    same 404 as a wrong code."""
    number, code = _typed_lookup(request.POST)
    name = request.POST.get("name", "").strip()[:60]
    # Guessing codes here draws on the lookup's allowances, as on the status page.
    throttle = LookupThrottles(number)
    refused = refusal(throttle, request)
    if refused:
        return refused.told(_track_form(request, number, refused=refused.text, status=429))
    # A NUL byte never reaches the database (PostgreSQL refuses it in text).
    case = case_by_tracking(number) if number and "\x00" not in number else None
    document = None
    if case is not None and is_document_name(name) and check_access_code(case, code):
        document = public_documents(case).filter(name=name).first()
    if document is None:
        throttle.failed()
        raise Http404(_("文书不存在。"))
    try:
        handle = open_document(document)
    except CaseworkError:
        raise Http404(_("文书不存在。")) from None
    record_document_download(actor=None, document=document, channel="public")
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{document.title}-{document.name}.pdf",
        content_type="application/pdf",
    )
