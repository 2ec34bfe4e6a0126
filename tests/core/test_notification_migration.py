"""Moving notifications to core keeps the table and its rows; a mention keeps its text."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("actions", "0002_changelog_comment_crisisplan_backlogitem_and_more"), ("core", None)]


@pytest.mark.django_db(transaction=True)
def test_existing_notifications_survive_the_move_to_core():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE)
    try:
        old = executor.loader.project_state([BEFORE[0]]).apps
        User = old.get_model("accounts", "User")
        Workspace = old.get_model("accounts", "Workspace")
        Comment = old.get_model("actions", "Comment")
        OldNotification = old.get_model("actions", "Notification")
        user = User.objects.create(username="kati", email="kati@example.com")
        workspace = Workspace.objects.create(name="Kohvik", slug="kohvik")
        comment = Comment.objects.create(workspace=workspace, author=user, body="Vaata @kati")
        OldNotification.objects.create(
            workspace=workspace, recipient=user, message="mainis sind", comment=comment
        )
        OldNotification.objects.create(workspace=workspace, recipient=user, message="hoiatus")
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(latest)
    from teekond.core.models import Notification

    rows = list(Notification.objects.order_by("id").values_list("message", "detail"))
    assert rows == [("mainis sind", "Vaata @kati"), ("hoiatus", "")]
