"""One home for notifications: every app creates them through core.notifications."""

import pytest
from django.utils import translation

from teekond.accounts import access
from teekond.accounts.models import Membership
from teekond.core import notifications
from teekond.core.models import Notification

pytestmark = pytest.mark.django_db


def test_each_recipient_gets_one_notification_in_their_own_language(alice, bob, workspace):
    alice.language, bob.language = "et", "en"
    alice.save()
    bob.save()

    def text():
        return "et" if translation.get_language() == "et" else "en"

    created = notifications.notify(workspace.pk, [alice, bob, alice], text, "/w/x/", detail="d")
    stored = {n.recipient.username: n.message for n in Notification.objects.all()}
    assert len(created) == 2 and stored == {"alice": "et", "bob": "en"}
    assert notifications.unread_count(alice, workspace) == 1


def test_once_skips_a_recipient_who_already_has_the_same_message(alice, workspace):
    notifications.notify(workspace.pk, [alice], "Sama", "/a/", once=True)
    assert notifications.notify(workspace.pk, [alice], "Sama", "/a/", once=True) == []
    assert notifications.notify(workspace.pk, [alice], "Sama", "/b/", once=True) != []
    assert Notification.objects.count() == 2


def test_texts_are_bounded_and_only_members_see_theirs(alice, bob, workspace):
    notifications.notify(workspace.pk, [bob], "x" * 1000, "/" + "y" * 1000, detail="z" * 5000)
    note = Notification.objects.get()
    assert (len(note.message), len(note.link), len(note.detail)) == (300, 300, 1000)
    assert list(access.notifications_for(bob)) == [note]
    assert list(access.notifications_for(alice)) == []
    assert notifications.mark_read(alice, [note.pk]) == 0  # not hers
    Membership.objects.filter(user=bob).delete()
    assert list(access.notifications_for(bob)) == []


def test_a_mention_keeps_the_comment_text_with_the_notification(alice, bob, workspace):
    from teekond.actions import services

    services.add_comment(alice, workspace, None, "Vaata seda @bob")
    note = Notification.objects.get(recipient=bob)
    assert note.detail == "Vaata seda @bob" and "alice" in note.message
