"""Comments with @mentions, notifications, owners, review cadence, reviews and reminders."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from teekond.accounts.models import Membership, Role
from teekond.actions import services
from teekond.actions.diagnostics import QUESTIONS
from teekond.actions.models import Comment, Ownership, Review, ReviewSchedule
from teekond.core.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(alice, workspace):
    a = services.record_assessment(alice, workspace, {q.key: 3 for q in QUESTIONS})
    return f"actions.assessment:{a.id}"


def test_mention_notifies_the_member_only(api, alice, bob, charlie, workspace, item):
    response = api(alice).post(
        f"/api/workspaces/{workspace.id}/comments",
        {"subject": item, "body": "@bob please check, and @charlie too"},
    )
    assert response.status_code == 201
    assert response.json()["mentions"] == ["bob"]
    assert Notification.objects.filter(recipient=bob).count() == 1
    assert not Notification.objects.filter(recipient=charlie).exists()
    inbox = api(bob).get("/api/notifications?unread=true").json()
    assert len(inbox) == 1 and "alice" in inbox[0]["message"]
    assert api(bob).post("/api/notifications/read", {"ids": [inbox[0]["id"]]}).json() == {
        "marked": 1
    }
    assert api(bob).get("/api/notifications?unread=true").json() == []
    assert api(charlie).post("/api/notifications/read", {"ids": [inbox[0]["id"]]}).json() == {
        "marked": 0
    }


def test_comments_roles(api, alice, bob, charlie, workspace, item):
    Membership.objects.filter(user=bob).update(role=Role.VIEWER)
    url = f"/api/workspaces/{workspace.id}/comments"
    assert api(bob).post(url, {"subject": item, "body": "Looks right"}).status_code == 201
    observation = {
        "subject": item,
        "body": "Saw a queue",
        "kind": "observation",
        "evidence": "observation",
    }
    assert api(bob).post(url, observation).status_code == 403
    assert api(alice).post(url, observation).status_code == 201
    assert api(alice).post(url, {**observation, "evidence": "gossip"}).status_code == 422
    assert api(charlie).post(url, {"subject": item, "body": "hi"}).status_code == 404
    assert api(charlie).get(url).status_code == 404
    listed = api(bob).get(f"{url}?subject={item}").json()
    assert [c["kind"] for c in listed] == ["comment", "observation"]
    assert Comment.objects.count() == 2


def test_owner_must_be_a_member(api, alice, bob, charlie, workspace, item):
    url = f"/api/workspaces/{workspace.id}/owners"
    assert api(alice).put(url, {"subject": item, "owner_id": charlie.id}).status_code == 422
    assert api(bob).put(url, {"subject": item, "owner_id": bob.id}).status_code == 200
    assert Ownership.objects.get().owner == bob
    assert api(alice).put(url, {"subject": item, "owner_id": None}).status_code == 200
    assert not Ownership.objects.exists()
    assert api(charlie).put(url, {"subject": item, "owner_id": charlie.id}).status_code == 404


def test_cadence_review_and_reminders(api, alice, bob, workspace, item):
    response = api(bob).put(
        f"/api/workspaces/{workspace.id}/review-cadence", {"subject": item, "cadence": "monthly"}
    )
    assert response.status_code == 200
    services.set_owner(alice, workspace, services.resolve_subject(workspace, item), bob.id)
    schedule = ReviewSchedule.objects.get()
    ReviewSchedule.objects.filter(pk=schedule.pk).update(
        created_at=timezone.now() - timedelta(days=40)
    )
    call_command("remind_reviews")
    assert Notification.objects.filter(recipient=alice).count() == 1
    assert Notification.objects.filter(recipient=bob).count() == 1
    call_command("remind_reviews")  # not again within a week
    assert Notification.objects.count() == 2
    review = api(bob).post(
        f"/api/workspaces/{workspace.id}/reviews",
        {
            "subject": item,
            "held_on": date.today().isoformat(),
            "participants": "Mari, Toomas",
            "findings": "Queue longer than mapped",
            "decisions": "Add a booking step",
        },
    )
    assert review.status_code == 201
    assert services.due_reviews() == []
    assert Review.objects.get().findings == "Queue longer than mapped"


def test_reviews_need_findings_and_a_member(api, bob, charlie, workspace, item):
    url = f"/api/workspaces/{workspace.id}/reviews"
    assert api(bob).post(url, {"subject": item, "findings": ""}).status_code == 422
    assert api(charlie).post(url, {"subject": item, "findings": "x"}).status_code == 404
    assert api(charlie).get(url).status_code == 404
    assert not Review.objects.exists()
