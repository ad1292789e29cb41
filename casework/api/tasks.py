"""API routes: tasks — who must act next (inbox, unit queue, approvals), claim and assign.

The lists read the CaseFlow steps through `casework.selectors`; claim and assign call
`case_claim` / `case_assign`, the same actions as the pages, which move the step.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import path
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from casework.actions import case_assign, case_claim
from casework.errors import CaseNotFound
from casework.models import Case
from casework.selectors import approvals_for, case_get_for_user, inbox_for, queue_for
from casework.workflow import open_step
from permissions.models import Role

from .cases import CasePagination
from .parsers import JSONFallbackNegotiation, JSONParser
from .responses import CASE_NOT_FOUND, FORBIDDEN, PAGE_NOT_FOUND
from .serializers import CaseRowSerializer, ErrorSerializer

FIELD_ERRORS = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description='Field errors naming the field, e.g. `{"assignee": ["..."]}`.',
)


class ExpectedSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="Transition name (POST .../transitions/{name}/).")
    label = serializers.CharField()


class StepSerializer(serializers.Serializer):
    """The open step of the case: whose move it is and what is expected of them."""

    id = serializers.IntegerField(help_text="The viewflow task id.")
    title = serializers.CharField(help_text="What is expected, in words.")
    role = serializers.CharField(help_text="`officer` or `supervisor`.")
    role_display = serializers.CharField()
    unit = serializers.IntegerField(help_text="The unit whose members act.")
    since = serializers.DateTimeField(help_text="When the step opened.")
    expects = ExpectedSerializer(many=True)


class TaskCaseSerializer(CaseRowSerializer):
    """A case row of the task lists, or the case after a claim or an assignment: the case
    list's row plus `version` and the open `task` (null once the case is final)."""

    version = serializers.IntegerField(help_text="Send it back with the next write.")
    task = serializers.SerializerMethodField()

    @extend_schema_field(StepSerializer(allow_null=True))
    def get_task(self, case: Case) -> dict | None:
        if getattr(case, "step_task_id", None) is None:
            return None
        spec = case.spec
        expects = [
            {"name": name, "label": str(spec.transitions[name].label)}
            for name in (case.step_data or {}).get("expects", [])
            if name in spec.transitions
        ]
        try:
            role_display = str(Role(case.step_role).label)
        except ValueError:
            role_display = case.step_role
        return {
            "id": case.step_task_id,
            "title": " / ".join(e["label"] for e in expects) or role_display,
            "role": case.step_role,
            "role_display": role_display,
            "unit": case.step_unit_id,
            "since": case.step_since,
            "expects": expects,
        }


def _with_step(case: Case) -> Case:
    """The case with the same step fields the list selectors annotate."""
    task = open_step(case)
    process = task.process.caseprocess if task is not None else None
    case.step_task_id = task.pk if task is not None else None
    case.step_role = process.role if process is not None else ""
    case.step_unit_id = process.unit_id if process is not None else None
    case.step_since = task.created if task is not None else None
    case.step_data = task.data if task is not None else {}
    return case


def _summary(request: Request, case: Case) -> Response:
    try:
        shown = case_get_for_user(request.user, case.pk)
    except CaseNotFound:
        # The change took the case out of the caller's sight: show what they did.
        shown = case.as_kind()
    data = TaskCaseSerializer(_with_step(shown), context={"today": timezone.localdate()}).data
    return Response(data)


class _TaskList(generics.ListAPIView):
    serializer_class = TaskCaseSerializer
    pagination_class = CasePagination
    selector = staticmethod(inbox_for)

    def get_queryset(self):
        return self.selector(self.request.user)

    def get_serializer_context(self) -> dict:
        return {**super().get_serializer_context(), "today": timezone.localdate()}


class InboxView(_TaskList):
    selector = staticmethod(inbox_for)

    @extend_schema(
        summary="My inbox: cases whose next step is mine",
        description="Open steps owned by the caller (cases assigned to them that wait for "
        "their action), nearest deadline first, urgent before normal.",
        responses={200: TaskCaseSerializer(many=True), 404: PAGE_NOT_FOUND},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class QueueView(_TaskList):
    selector = staticmethod(queue_for)

    @extend_schema(
        summary="My units' queue: steps nobody holds yet",
        description="Officers' steps of the caller's units that nobody holds: new complaints "
        "to claim, and cases handed to the unit as a participant. Officers take them; clerks "
        "and supervisors see them to assign them.",
        responses={200: TaskCaseSerializer(many=True), 404: PAGE_NOT_FOUND},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class ApprovalsView(_TaskList):
    selector = staticmethod(approvals_for)

    @extend_schema(
        summary="Decisions waiting for me as a supervisor",
        description="Supervisors' steps (extension, closure and other decisions) of the "
        "units where the caller supervises.",
        responses={200: TaskCaseSerializer(many=True), 404: PAGE_NOT_FOUND},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=0,
        max_value=2**31 - 1,
        help_text="The `version` the client last saw; a stale one is 409.",
    )


class AssignSerializer(VersionSerializer):
    assignee = serializers.CharField(
        max_length=150, help_text="Username of an officer of the case's lead unit."
    )


class ClaimView(APIView):
    parser_classes = [JSONParser]
    content_negotiation_class = JSONFallbackNegotiation

    @extend_schema(
        summary="Claim an unassigned case",
        description="An officer of the lead unit takes a case nobody holds; its step moves "
        "from the unit queue to the officer's inbox.",
        request=VersionSerializer,
        responses={
            200: TaskCaseSerializer,
            400: FIELD_ERRORS,
            403: FORBIDDEN,
            404: CASE_NOT_FOUND,
            409: OpenApiResponse(
                ErrorSerializer, description="Already claimed, final, or stale `version`."
            ),
        },
    )
    def post(self, request, pk: int):
        body = VersionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        case = case_claim(
            actor=request.user, case_id=pk, version=body.validated_data.get("version")
        )
        return _summary(request, case)


class AssignView(APIView):
    parser_classes = [JSONParser]
    content_negotiation_class = JSONFallbackNegotiation

    @extend_schema(
        summary="Assign or reassign a case",
        description="A supervisor or clerk of the lead unit hands the case to one of the "
        "unit's officers; the step moves to that officer's inbox.",
        request=AssignSerializer,
        responses={
            200: TaskCaseSerializer,
            400: FIELD_ERRORS,
            403: FORBIDDEN,
            404: CASE_NOT_FOUND,
            409: OpenApiResponse(ErrorSerializer, description="Final, or stale `version`."),
        },
    )
    def post(self, request, pk: int):
        body = AssignSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        # An unknown name is refused by the action, after it has checked that the caller
        # may see and assign the case: the answer never tells an outsider the case exists.
        assignee = get_user_model().objects.filter(username=body.validated_data["assignee"]).first()
        case = case_assign(
            actor=request.user,
            case_id=pk,
            assignee=assignee,
            version=body.validated_data.get("version"),
        )
        return _summary(request, case)


urlpatterns = [
    path("tasks/inbox/", InboxView.as_view(), name="api-tasks-inbox"),
    path("tasks/queue/", QueueView.as_view(), name="api-tasks-queue"),
    path("tasks/approvals/", ApprovalsView.as_view(), name="api-tasks-approvals"),
    path("cases/<id:pk>/claim/", ClaimView.as_view(), name="api-case-claim"),
    path("cases/<id:pk>/assign/", AssignView.as_view(), name="api-case-assign"),
]
