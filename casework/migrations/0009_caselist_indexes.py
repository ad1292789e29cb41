"""Indexes for the permission-scoped case list (docs/performance.md).

The department-subtree rule filters on `lead_department_id = d AND jurisdiction_path LIKE
'p%'`; PostgreSQL uses an index for the prefix only with pattern operators (or a "C"
collation), so the plain index on the two columns is replaced by one with
`varchar_pattern_ops` on the path.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0008_case_links"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="case",
            name="casework_ca_lead_de_412ba9_idx",
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                fields=["lead_department", "jurisdiction_path"],
                name="case_dept_path_like_idx",
                opclasses=["", "varchar_pattern_ops"],
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                fields=["lead_unit", "lead_department", "jurisdiction_path"],
                name="case_unit_dept_path_idx",
                opclasses=["", "", "varchar_pattern_ops"],
            ),
        ),
    ]
