"""Copy each wage-arrears case's ordered amount, kept until now only in the order's record in
`details`, into the case's `amount_ordered` column (casework 0015), which what is still owed
is counted against (docs/payments.md)."""

from decimal import Decimal, InvalidOperation

from django.db import migrations

BATCH = 1000


def forwards(apps, schema_editor):
    Case = apps.get_model("casework", "Case")
    ordered = Case.objects.filter(kind="wage_arrears", details__has_key="payment_order")
    batch = []
    for case in ordered.only("pk", "details").iterator(chunk_size=BATCH):
        try:
            amount = Decimal(str((case.details.get("payment_order") or {}).get("amount")))
        except (InvalidOperation, TypeError, ValueError):
            continue
        case.amount_ordered = amount.quantize(Decimal("0.01"))
        batch.append(case)
        if len(batch) >= BATCH:
            Case.objects.bulk_update(batch, ["amount_ordered"])
            batch = []
    if batch:
        Case.objects.bulk_update(batch, ["amount_ordered"])


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0016_payment_corrections"),
        ("disputes", "0004_listing_service_order_expiry"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
