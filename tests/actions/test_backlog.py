"""The improvement backlog: roles, validation, priority matrix and concurrent edits."""

import pytest
from django.test import Client

from teekond.accounts.models import Membership, Role
from teekond.actions import services
from teekond.actions.diagnostics import QUESTIONS
from teekond.actions.models import BacklogItem, ChangeLog
from teekond.journeys import plugins

pytestmark = pytest.mark.django_db


def url(ws, item=None):
    base = f"/api/workspaces/{ws.id}/backlog"
    return f"{base}/{item}" if item else base


@pytest.fixture
def subject(alice, workspace):
    # Any item of the workspace can be a subject; journey steps are the usual ones.
    a = services.record_assessment(alice, workspace, {q.key: 3 for q in QUESTIONS})
    return f"actions.assessment:{a.id}"


def test_editor_creates_with_owner_kpi_and_subject(api, alice, bob, workspace, subject):
    response = api(bob).post(
        url(workspace),
        {
            "title": "Call back within an hour",
            "subject": subject,
            "owner_id": alice.id,
            "deadline": "2026-12-01",
            "status": "planned",
            "impact": 5,
            "effort": 1,
            "metric_key": "csat",
            "metric_target": 4.5,
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert body["quick_win"] is True and body["quadrant"] == "quick_wins"
    assert body["subject"] == subject
    item = BacklogItem.objects.get(pk=body["id"])
    assert item.owner == alice and item.metric_key == "csat" and item.metric_target == 4.5
    assert ChangeLog.objects.filter(action="created", label=item.title).exists()
    listed = api(alice).get(f"{url(workspace)}?subject={subject}").json()
    assert [i["id"] for i in listed] == [item.id]


def test_it_validates(api, alice, charlie, workspace):
    assert api(alice).post(url(workspace), {"title": "x", "impact": 9}).status_code == 422
    assert (
        api(alice).post(url(workspace), {"title": "x", "owner_id": charlie.id}).status_code == 422
    )
    assert (
        api(alice).post(url(workspace), {"title": "x", "subject": "journeys.step:999"}).status_code
        == 404
    )
    assert (
        api(alice).post(url(workspace), {"title": "x", "metric_key": "DROP TABLE"}).status_code
        == 422
    )
    assert not BacklogItem.objects.exists()


def test_subject_of_another_workspace_is_not_found(api, alice, charlie, workspace, other_workspace):
    theirs = services.record_assessment(charlie, other_workspace, {q.key: 3 for q in QUESTIONS})
    response = api(alice).post(
        url(workspace), {"title": "x", "subject": f"actions.assessment:{theirs.id}"}
    )
    assert response.status_code == 404


def test_viewer_reads_only_and_outsider_sees_nothing(api, alice, bob, charlie, workspace):
    item = api(alice).post(url(workspace), {"title": "Shorter queue"}).json()
    Membership.objects.filter(user=bob).update(role=Role.VIEWER)
    assert api(bob).get(url(workspace)).status_code == 200
    assert api(bob).post(url(workspace), {"title": "x"}).status_code == 403
    assert (
        api(bob).patch(url(workspace, item["id"]), {"version": 1, "title": "y"}).status_code == 403
    )
    assert api(bob).delete(url(workspace, item["id"])).status_code == 403
    for call in (
        lambda c: c.get(url(workspace)),
        lambda c: c.get(url(workspace, item["id"])),
        lambda c: c.patch(url(workspace, item["id"]), {"version": 1, "title": "z"}),
        lambda c: c.delete(url(workspace, item["id"])),
    ):
        assert call(api(charlie)).status_code == 404
    assert BacklogItem.objects.get().title == "Shorter queue"


def test_concurrent_edits_lose_nothing(api, alice, bob, workspace):
    item = api(alice).post(url(workspace), {"title": "Queue", "impact": 2}).json()
    a, b = api(alice), api(bob)
    seen_by_a = a.get(url(workspace, item["id"])).json()
    seen_by_b = b.get(url(workspace, item["id"])).json()
    assert seen_by_a["version"] == seen_by_b["version"] == 1
    first = a.patch(url(workspace, item["id"]), {"version": seen_by_a["version"], "impact": 5})
    assert first.status_code == 200 and first.json()["version"] == 2
    second = b.patch(
        url(workspace, item["id"]), {"version": seen_by_b["version"], "status": "done"}
    )
    assert second.status_code == 409
    assert second.json()["error"]["code"] == "conflict"
    assert BacklogItem.objects.get().status == "idea"  # nothing overwritten
    fresh = b.get(url(workspace, item["id"])).json()
    third = b.patch(url(workspace, item["id"]), {"version": fresh["version"], "status": "done"})
    assert third.status_code == 200
    stored = BacklogItem.objects.get()
    assert (stored.impact, stored.status, stored.version) == (5, "done", 3)
    history = api(alice).get(f"/api/workspaces/{workspace.id}/history").json()
    assert [h["changes"] for h in history if h["action"] == "updated"] == [
        {"status": ["idea", "done"]},
        {"impact": [2, 5]},
    ]


def test_priority_matrix_puts_quick_wins_first(alice, workspace):
    make = lambda title, i, e, s="idea": services.create_backlog_item(  # noqa: E731
        alice, workspace, {"title": title, "impact": i, "effort": e, "status": s}
    )
    make("Big", 5, 5)
    make("Quick", 4, 1)
    make("Small", 2, 1)
    make("Waste", 1, 5)
    make("Done quick", 5, 1, "done")
    matrix = services.priority_matrix(BacklogItem.objects.all())
    assert [(q["key"], [i.title for i in q["items"]]) for q in matrix] == [
        ("quick_wins", ["Quick"]),
        ("major_projects", ["Big"]),
        ("fill_ins", ["Small"]),
        ("thankless", ["Waste"]),
    ]


def test_pages_create_edit_and_conflict(alice, bob, charlie, workspace):
    client = Client()
    client.force_login(bob)
    response = client.post(
        f"/w/{workspace.slug}/backlog/",
        {
            "title": "Clear signs",
            "kind": "action",
            "status": "idea",
            "impact": "5",
            "effort": "2",
            "owner_id": str(alice.id),
            "deadline": "",
            "metric_key": "",
            "metric_target": "",
            "description": "",
        },
    )
    assert response.status_code == 302
    item = BacklogItem.objects.get()
    page = client.get(f"/w/{workspace.slug}/backlog/").content.decode()
    assert "Clear signs" in page and "quick-win" in page
    base = {
        "title": "Clear signs",
        "kind": "action",
        "impact": "5",
        "effort": "2",
        "owner_id": "",
        "deadline": "",
        "metric_key": "",
        "metric_target": "",
        "description": "",
    }
    ok = client.post(
        f"/w/{workspace.slug}/backlog/{item.id}/", {**base, "status": "planned", "version": "1"}
    )
    assert ok.status_code == 302
    stale = client.post(
        f"/w/{workspace.slug}/backlog/{item.id}/", {**base, "status": "done", "version": "1"}
    )
    assert stale.status_code == 409
    assert BacklogItem.objects.get().status == "planned"
    outsider = Client()
    outsider.force_login(charlie)
    assert outsider.get(f"/w/{workspace.slug}/backlog/").status_code == 404
    assert outsider.get(f"/w/{workspace.slug}/backlog/{item.id}/").status_code == 404


def test_kpi_shows_the_measured_value_when_a_source_is_registered(api, alice, workspace):
    item = (
        api(alice)
        .post(
            url(workspace), {"title": "Faster answers", "metric_key": "csat", "metric_target": 4.5}
        )
        .json()
    )
    assert item["metric_current"] is None
    source = lambda i: 4.1 if i.metric_key == "csat" else None  # noqa: E731
    plugins.METRIC_SOURCES.register(source)
    try:
        assert api(alice).get(url(workspace, item["id"])).json()["metric_current"] == 4.1
    finally:
        plugins.METRIC_SOURCES.unregister(source)
