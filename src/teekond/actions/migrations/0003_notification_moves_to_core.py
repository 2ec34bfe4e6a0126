# Notifications now live in core (docs/decisions.md, "Notifications live in core"). The table
# keeps its name and rows; the link to the mentioning comment becomes a copy of its text,
# since core may not point at a model of an app above it.

from django.db import migrations, models


def copy_comment_text(apps, schema_editor):
    Notification = apps.get_model("actions", "Notification")
    for note in Notification.objects.filter(comment__isnull=False).select_related("comment"):
        note.detail = note.comment.body[:1000]
        note.save(update_fields=["detail"])


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0002_changelog_comment_crisisplan_backlogitem_and_more"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="detail",
            field=models.CharField(blank=True, default="", max_length=1000),
        ),
        migrations.RunPython(copy_comment_text, migrations.RunPython.noop),
        migrations.RemoveField(model_name="notification", name="comment"),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Notification")],
            database_operations=[],
        ),
    ]
