from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0001_initial"),
        ("disputes", "0001_initial"),
    ]

    # Proxies: the FSM methods (and the shared InvestigatedComplaint mixin) are code, not
    # state, so the migration names only the concrete base.
    operations = [
        migrations.CreateModel(
            name="DiscriminationCase",
            fields=[],
            options={
                "verbose_name": "就业歧视投诉",
                "verbose_name_plural": "就业歧视投诉",
                "proxy": True,
                "indexes": [],
                "constraints": [],
            },
            bases=("casework.case",),
        ),
        migrations.CreateModel(
            name="LabourDisputeCase",
            fields=[],
            options={
                "verbose_name": "劳动争议调解",
                "verbose_name_plural": "劳动争议调解",
                "proxy": True,
                "indexes": [],
                "constraints": [],
            },
            bases=("casework.case",),
        ),
    ]
