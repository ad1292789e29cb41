"""Shapes of the casework API: case rows and details out (the list's query parameters are in
`case_filters`).

Output serializers are read-only descriptions of what the views return; the OpenAPI schema
is generated from the same classes, so the documentation cannot drift from the responses.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from casework import workdays
from casework.models import Case
from casework.payments import money_summary

# ---------------------------------------------------------------------------- errors


class ErrorSerializer(serializers.Serializer):
    """An error about the request as a whole (403, 404, 409, 413, 429)."""

    detail = serializers.CharField()


# ---------------------------------------------------------------------------- references


class UnitRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class JurisdictionRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class CaseEmployerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    credit_code = serializers.CharField(allow_null=True)
    dishonest = serializers.BooleanField(help_text="On the wage-arrears dishonesty list.")


class CaseMarketSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    status = serializers.CharField()


# ---------------------------------------------------------------------------- list


def _is_overdue(case: Case, today: date | None = None) -> bool:
    # The same rule as the `overdue=true` filter of `case_list_for_user`.
    today = today or timezone.localdate()
    return case.deadline is not None and case.deadline < today and case.closed_at is None


class CaseRowSerializer(serializers.Serializer):
    """One row of the case list. `lead_unit` is `{id, name}`; `assignee` is a username."""

    id = serializers.IntegerField()
    number = serializers.CharField()
    tracking_number = serializers.CharField()
    kind = serializers.CharField()
    kind_display = serializers.CharField(source="get_kind_display")
    status = serializers.CharField()
    status_display = serializers.CharField(source="get_status_display")
    priority = serializers.CharField()
    priority_display = serializers.CharField(source="get_priority_display")
    lead_unit = UnitRefSerializer()
    jurisdiction = serializers.CharField(source="jurisdiction.code", help_text="Jurisdiction code.")
    assignee = serializers.CharField(
        source="assignee.username", allow_null=True, help_text="Username, or null when unassigned."
    )
    deadline = serializers.DateField(
        allow_null=True, help_text="The binding deadline: earliest due date of the running clocks."
    )
    deadline_provisional = serializers.SerializerMethodField(
        help_text="暂定: the deadline is in a year whose State Council holiday notice is not "
        "loaded yet; it counts that year's statutory holidays only and may move."
    )
    overdue = serializers.SerializerMethodField()
    submitted_at = serializers.DateTimeField()

    def get_deadline_provisional(self, case: Case) -> bool:
        return case.deadline is not None and workdays.is_provisional(case.deadline)

    def get_overdue(self, case: Case) -> bool:
        return _is_overdue(case, self.context.get("today"))


# ---------------------------------------------------------------------------- detail


class PartySerializer(serializers.Serializer):
    """A party. `id_number` and `phone` are masked unless the caller handles the case;
    every unmasked view is written to the audit trail (`casework.pii.viewed`)."""

    id = serializers.IntegerField()
    role = serializers.CharField()
    role_display = serializers.CharField()
    name = serializers.CharField()
    id_number = serializers.CharField()
    phone = serializers.CharField()
    amount_owed = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    masked = serializers.BooleanField()


class CaseClockSerializer(serializers.Serializer):
    """A legal clock; the binding one comes first, stopped clocks last."""

    code = serializers.CharField(source="clock.code")
    title = serializers.CharField(source="clock.title")
    legal_basis = serializers.CharField(source="clock.legal_basis")
    day_unit = serializers.ChoiceField(
        source="clock.day_unit", choices=[("working", "working"), ("calendar", "calendar")]
    )
    start_date = serializers.DateField(source="clock.start_date")
    due_date = serializers.DateField(source="clock.due_date")
    days_left = serializers.IntegerField(
        allow_null=True,
        help_text="Days of `day_unit` left; negative when overdue; null if stopped.",
    )
    overdue = serializers.BooleanField(help_text="Running past its due date.")
    paused = serializers.BooleanField()
    status = serializers.CharField(source="clock.status")
    stopped_on = serializers.DateField(
        allow_null=True, help_text="The day (local) a stopped clock stopped; null if not stopped."
    )
    stopped_late = serializers.BooleanField(
        help_text="Stopped after its due date (`overdue` is only for a running clock)."
    )
    counts_as_late = serializers.BooleanField(
        help_text="Missed (overdue, or stopped late) and a period the law sets for the lead "
        "unit (its own length, owned by the lead unit's department): what makes the case "
        "count as 超时 (`overdue`) in the statistics. The deadline an order sets for a party "
        "(限期支付) and another department's clocks do not."
    )
    extended = serializers.BooleanField(source="clock.extended")
    owner = serializers.CharField(
        source="clock.owner",
        help_text="The department whose units may pause the clock (empty: the lead's).",
    )
    pause_reasons = serializers.ListField(
        child=serializers.CharField(),
        source="clock.exclusions",
        help_text="Reasons the clock's article excludes from its period "
        "(`POST …/clocks/{code}/pause/`); empty: the clock cannot be paused.",
    )
    extensions_left = serializers.IntegerField(source="clock.extensions_left")
    provisional = serializers.BooleanField(
        help_text="暂定: the period reaches into a year whose State Council holiday notice is "
        "not loaded yet; it counts that year's statutory holidays only and may move."
    )


class ParticipantSerializer(serializers.Serializer):
    unit = UnitRefSerializer()
    reason = serializers.CharField()


class PaymentSerializer(serializers.Serializer):
    """A payment credited to one worker, or the correction of one (`entry` = `correction`,
    `amount` negative, `corrects` the payment's id): summing `amount` gives what was paid,
    errors netted out."""

    id = serializers.IntegerField()
    party = serializers.IntegerField(source="party_id")
    worker_name = serializers.CharField(source="party.person.name")
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    paid_on = serializers.DateField()
    recorded_by = serializers.CharField(source="recorded_by.username")
    recorded_at = serializers.DateTimeField(source="created_at")
    entry = serializers.SerializerMethodField(help_text="`payment` or `correction`.")
    corrects = serializers.IntegerField(
        source="corrects_id", allow_null=True, help_text="The payment a correction reverses."
    )
    corrected_by = serializers.SerializerMethodField(
        help_text="The correction of this payment, if it was corrected."
    )
    reason = serializers.CharField(help_text="Why a correction was made; empty for a payment.")
    excess_reason = serializers.CharField(
        help_text="Why a payment above what was still owed is right: `compensation` "
        "(赔偿金, 劳动合同法 §85), `other_workers`, `other`; empty when it was not above."
    )
    excess_reason_display = serializers.CharField(source="get_excess_reason_display")
    excess_note = serializers.CharField()

    def get_entry(self, payment) -> str:
        return "correction" if payment.corrects_id else "payment"

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_corrected_by(self, payment) -> int | None:
        return self.context.get("corrected_by", {}).get(payment.pk)


class MoneySerializer(serializers.Serializer):
    """Owed, ordered, paid, recovered and still owed, as on the case page and at the closure
    approval (docs/payments.md)."""

    owed = serializers.DecimalField(max_digits=14, decimal_places=2)
    ordered = serializers.DecimalField(
        max_digits=14, decimal_places=2, allow_null=True, help_text="Null before any order."
    )
    paid = serializers.DecimalField(
        max_digits=14, decimal_places=2, help_text="Payments less their corrections."
    )
    recovered = serializers.DecimalField(max_digits=14, decimal_places=2)
    still_owed = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        help_text="The order's amount (or, before one, the amount owed) less what was paid.",
    )
    payments = serializers.IntegerField()
    corrections = serializers.IntegerField()
    excess_payments = serializers.IntegerField(
        help_text="Payments recorded above what was still owed, each with its reason."
    )


class CaseDetailSerializer(CaseRowSerializer):
    """The case as an officer sees it.

    Needs `request`, `parties`, `clocks` and `available_transitions` in its context (see
    `casework.api.cases.case_detail_data`).
    """

    version = serializers.IntegerField(
        help_text="Optimistic-locking version: send it back with a transition to get 409 "
        "instead of overwriting someone else's change."
    )
    url = serializers.SerializerMethodField()
    jurisdiction_name = serializers.CharField(source="jurisdiction.name")
    description = serializers.CharField()
    occurred_on = serializers.DateField(allow_null=True)
    workers_count = serializers.IntegerField()
    amount_owed = serializers.DecimalField(max_digits=14, decimal_places=2)
    amount_recovered = serializers.DecimalField(max_digits=14, decimal_places=2)
    amount_ordered = serializers.DecimalField(
        max_digits=14, decimal_places=2, allow_null=True, help_text="The latest order's amount."
    )
    closed_at = serializers.DateTimeField(allow_null=True)
    updated_at = serializers.DateTimeField()
    employer = CaseEmployerSerializer(allow_null=True)
    market = CaseMarketSerializer(allow_null=True)
    details = serializers.JSONField(help_text="Kind-specific facts (orders, transfer, feedback).")
    participants = serializers.SerializerMethodField()
    parties = serializers.SerializerMethodField()
    clocks = serializers.SerializerMethodField()
    payments = serializers.SerializerMethodField()
    money = serializers.SerializerMethodField()
    timeline_count = serializers.SerializerMethodField()
    attachments_count = serializers.SerializerMethodField()
    available_transitions = serializers.SerializerMethodField()

    def get_url(self, case: Case) -> str:
        # The case's page (served by the pages at /cases/<id>/).
        path = f"/cases/{case.pk}/"
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path

    @extend_schema_field(ParticipantSerializer(many=True))
    def get_participants(self, case: Case) -> list:
        rows = case.participants.select_related("unit").order_by("id")
        return ParticipantSerializer(rows, many=True).data

    @extend_schema_field(PartySerializer(many=True))
    def get_parties(self, case: Case) -> list:
        return PartySerializer(self.context["parties"], many=True).data

    @extend_schema_field(CaseClockSerializer(many=True))
    def get_clocks(self, case: Case) -> list:
        return CaseClockSerializer(self.context["clocks"], many=True).data

    def payment_rows(self, case: Case) -> list:
        """The case's payments, read once for `payments` and `money`."""
        cached = self.context.get("payment_rows")
        if cached is None or cached[0] != case.pk:
            rows = list(case.payments.all())
            cached = self.context["payment_rows"] = (case.pk, rows)
        return cached[1]

    @extend_schema_field(PaymentSerializer(many=True))
    def get_payments(self, case: Case) -> list:
        rows = self.payment_rows(case)
        corrected_by = {r.corrects_id: r.pk for r in rows if r.corrects_id}
        return PaymentSerializer(rows, many=True, context={"corrected_by": corrected_by}).data

    @extend_schema_field(MoneySerializer(allow_null=True))
    def get_money(self, case: Case) -> dict | None:
        if not case.spec.tracks_wages:
            return None
        return MoneySerializer(money_summary(case, self.payment_rows(case))).data

    def get_timeline_count(self, case: Case) -> int:
        return case.timeline.count()

    def get_attachments_count(self, case: Case) -> int:
        return case.attachments.count()

    @extend_schema_field(
        serializers.ListField(
            child=serializers.CharField(),
            help_text="Transition names the caller may fire now.",
        )
    )
    def get_available_transitions(self, case: Case) -> list[str]:
        return list(self.context["available_transitions"])


class TransitionSerializer(serializers.Serializer):
    """The body of a transition: `comment`, optional `version`, and the transition's fields."""

    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    version = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=0,
        max_value=2**31 - 1,
        help_text="The `version` the client last saw; a stale one is 409.",
    )


# ---------------------------------------------------------------------------- timeline


class TimelineEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    at = serializers.DateTimeField()
    actor = serializers.CharField(
        source="actor.username", allow_null=True, help_text="Username; null for the public."
    )
    verb = serializers.CharField()
    text = serializers.CharField()
    comment = serializers.CharField()
    payload = serializers.JSONField()
    public_text = serializers.CharField(help_text="What the complainant sees; empty if internal.")


# ---------------------------------------------------------------------------- attachments


class AttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    original_name = serializers.CharField()
    content_type = serializers.CharField(help_text="Detected from the content, not the name.")
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    description = serializers.CharField()
    created_at = serializers.DateTimeField()
    uploaded_by = serializers.CharField(source="uploaded_by.username")
    download_url = serializers.SerializerMethodField()

    def get_download_url(self, att) -> str:
        path = f"/api/v1/cases/{att.case_id}/attachments/{att.pk}/download/"
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class AttachmentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text="PDF, image, audio or video evidence, recognised by content; size-limited."
    )
    description = serializers.CharField(required=False, allow_blank=True, max_length=200)
