"""The customer-centricity self-assessment: API and pages for owner, editor, viewer, outsider."""

import pytest
from django.test import Client

from teekond.accounts.models import Membership, Role
from teekond.actions.diagnostics import QUESTIONS
from teekond.actions.models import Assessment

pytestmark = pytest.mark.django_db


def answers(score=4):
    return {q.key: score for q in QUESTIONS}


def url(ws):
    return f"/api/workspaces/{ws.id}/diagnostics"


def test_questions_cover_the_three_focus_areas(api, alice):
    areas = api(alice).get("/api/diagnostics/questions").json()
    assert [a["key"] for a in areas] == ["strategic", "customer", "employee"]
    assert [len(a["questions"]) for a in areas] == [5, 7, 6]


def test_questions_come_in_estonian(alice):
    client = Client()
    client.force_login(alice)
    body = client.get("/api/diagnostics/questions", headers={"Accept-Language": "et"}).json()
    assert body[0]["name"] == "Strateegiline fookus"


def test_owner_and_editor_record_and_scores_are_per_area(api, alice, bob, workspace):
    given = answers(4)
    given.update(values=2, strategy=2)  # strategic: 2,2,4,4,4 -> 3.2
    response = api(alice).post(url(workspace), {"answers": given, "taken_on": "2026-01-15"})
    assert response.status_code == 201
    body = response.json()
    assert body["area_scores"] == {"strategic": 3.2, "customer": 4.0, "employee": 4.0}
    assert api(bob).post(url(workspace), {"answers": answers(5)}).status_code == 201
    stored = Assessment.objects.get(pk=body["id"])
    assert stored.respondent == alice and str(stored.taken_on) == "2026-01-15"
    assert stored.answers.count() == len(QUESTIONS)
    listed = api(bob).get(url(workspace)).json()
    assert [a["overall"] for a in listed] == [5.0, pytest.approx(3.8, abs=0.05)]


def test_it_rejects_incomplete_and_out_of_scale_answers(api, alice, workspace):
    partial = answers(3)
    partial.pop("leadership")
    partial["values"] = 6
    response = api(alice).post(url(workspace), {"answers": partial})
    assert response.status_code == 422
    fields = [d["field"] for d in response.json()["error"]["details"]]
    assert "answers.values" in fields and "answers" in fields
    assert Assessment.objects.count() == 0


def test_viewer_reads_but_cannot_record(api, alice, bob, workspace):
    Membership.objects.filter(user=bob).update(role=Role.VIEWER)
    api(alice).post(url(workspace), {"answers": answers()})
    assert api(bob).get(url(workspace)).status_code == 200
    assert api(bob).post(url(workspace), {"answers": answers()}).status_code == 403
    assert Assessment.objects.count() == 1


def test_it_rejects_outsiders(api, alice, charlie, workspace):
    created = api(alice).post(url(workspace), {"answers": answers()}).json()
    assert api(charlie).get(url(workspace)).status_code == 404
    assert api(charlie).get(f"{url(workspace)}/{created['id']}").status_code == 404
    assert api(charlie).post(url(workspace), {"answers": answers()}).status_code == 404
    assert api(charlie).delete(f"{url(workspace)}/{created['id']}").status_code == 404
    assert Assessment.objects.count() == 1


def test_editor_deletes(api, alice, bob, workspace):
    created = api(alice).post(url(workspace), {"answers": answers()}).json()
    assert api(bob).delete(f"{url(workspace)}/{created['id']}").status_code == 204
    assert not Assessment.objects.exists()


def test_pages_show_form_result_and_history(alice, charlie, workspace):
    client = Client()
    client.force_login(alice)
    form = client.get(f"/w/{workspace.slug}/diagnostics/new/")
    assert form.status_code == 200 and "leadership" in form.content.decode()
    data = {q.key: "3" for q in QUESTIONS} | {"taken_on": "2026-02-01"}
    response = client.post(f"/w/{workspace.slug}/diagnostics/new/", data)
    assert response.status_code == 302
    assessment = Assessment.objects.get()
    detail = client.get(response.url).content.decode()
    assert "3.0" in detail and 'data-source="area-spec"' in detail
    data["taken_on"] = "2026-03-01"
    data["hiring"] = "5"
    client.post(f"/w/{workspace.slug}/diagnostics/new/", data)
    overview = client.get(f"/w/{workspace.slug}/diagnostics/").content.decode()
    assert "history-spec" in overview and "2026-02-01" in overview
    outsider = Client()
    outsider.force_login(charlie)
    assert outsider.get(f"/w/{workspace.slug}/diagnostics/").status_code == 404
    assert (
        outsider.get(f"/w/{workspace.slug}/diagnostics/{assessment.id}/export.csv").status_code
        == 404
    )


def test_page_form_reports_missing_answers(alice, workspace):
    client = Client()
    client.force_login(alice)
    response = client.post(f"/w/{workspace.slug}/diagnostics/new/", {"values": "3"})
    assert response.status_code == 200
    assert "leadership" in response.content.decode().split('role="alert"')[1].split("</ul>")[0]
    assert not Assessment.objects.exists()


def test_viewer_cannot_open_the_form(alice, bob, workspace):
    Membership.objects.filter(user=bob).update(role=Role.VIEWER)
    client = Client()
    client.force_login(bob)
    assert client.get(f"/w/{workspace.slug}/diagnostics/").status_code == 200
    assert client.get(f"/w/{workspace.slug}/diagnostics/new/").status_code == 403


def test_the_topic_radar_compares_the_latest_with_the_one_before(alice, workspace):
    import json
    import re

    client = Client()
    client.force_login(alice)
    client.cookies["teekond_language"] = "en"
    data = {q.key: "3" for q in QUESTIONS} | {"taken_on": "2026-02-01"}
    client.post(f"/w/{workspace.slug}/diagnostics/new/", data)
    client.post(
        f"/w/{workspace.slug}/diagnostics/new/", data | {"taken_on": "2026-03-01", "hiring": "5"}
    )
    client.post(f"/w/{workspace.slug}/diagnostics/new/", data | {"taken_on": "2026-01-01"})
    page = client.get(f"/w/{workspace.slug}/diagnostics/").content.decode()
    radar = json.loads(
        re.search(r'<script id="topic-radar" type="application/json">(.*?)</script>', page, re.S)[1]
    )
    assert [i["name"] for i in radar["indicators"]] == [str(q.topic) for q in QUESTIONS]
    assert radar["indicators"][0]["area"] == "Strategic focus" and radar["max"] == 5
    # newest first, then the one before it; the oldest is not drawn
    assert [s["name"] for s in radar["series"]] == ["2026-03-01", "2026-02-01"]
    hiring = [q.key for q in QUESTIONS].index("hiring")
    assert radar["series"][0]["values"][hiring] == 5 and radar["series"][1]["values"][hiring] == 3
    assert 'data-chart="radar"' in page
