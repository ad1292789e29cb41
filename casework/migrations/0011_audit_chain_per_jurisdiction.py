from django.db import migrations, models


class Migration(migrations.Migration):
    """One audit chain per jurisdiction: the events so far stay the chain named ""."""

    dependencies = [
        ("casework", "0010_audithead_prev_hash"),
    ]

    operations = [
        migrations.RemoveField(model_name="audithead", name="prev_hash"),
        migrations.AddField(
            model_name="audithead",
            name="chain",
            field=models.CharField(default="", max_length=40, unique=True),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="chain",
            field=models.CharField(blank=True, default="", max_length=40),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="seq",
            field=models.PositiveBigIntegerField(),
        ),
        migrations.AddConstraint(
            model_name="auditevent",
            constraint=models.UniqueConstraint(
                fields=("chain", "seq"), name="audit_event_chain_seq_unique"
            ),
        ),
        migrations.AlterModelOptions(
            name="auditevent",
            options={
                "ordering": ["id"],
                "verbose_name": "审计记录",
                "verbose_name_plural": "审计记录",
            },
        ),
    ]
