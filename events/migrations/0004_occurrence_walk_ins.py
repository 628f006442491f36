from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("events", "0003_category_support_panel_and_updated_at"),
    ]

    operations = [
        migrations.AddField(
            "occurrence",
            "walk_ins",
            models.PositiveIntegerField(
                default=0, help_text="People who came without booking (a count, no personal data)."
            ),
        ),
    ]
