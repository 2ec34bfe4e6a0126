"""A log with many distinct activities, variants and transitions renders bounded pages."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from teekond.eventlogs import imports
from teekond.eventlogs.models import Status
from teekond.eventlogs.services import create_log
from teekond.eventlogs.views import LINK_OPTIONS, PAGE_SIZE

pytestmark = pytest.mark.django_db(transaction=True)

ACTIVITIES = 400
CASES = 300


def name(i: int) -> str:
    return f"activity {i % ACTIVITIES:03d} " + "x" * 200


@pytest.fixture
def wide_log(alice, workspace, monkeypatch):
    """300 cases of 3 events over 400 activities: 300 variants, 400 distinct transitions
    (of which the stored summary keeps 100 here)."""
    monkeypatch.setattr(imports, "TOP_EDGES", 100)
    rows = ["case,activity,timestamp"]
    for case in range(CASES):
        for k in range(3):
            rows.append(f"c{case},{name(3 * case + k)},2026-01-01 10:0{k}:00")
    upload = SimpleUploadedFile("wide.csv", ("\n".join(rows) + "\n").encode())
    log = create_log(alice, workspace, upload)
    log.refresh_from_db()
    assert log.status == Status.DONE, log.error
    return log


def client_for(user):
    client = Client()
    client.force_login(user)
    client.cookies["teekond_language"] = "en"
    return client


def section(page: str, testid: str) -> str:
    return re.search(rf'data-testid="{testid}".*?</(tbody|ol)>', page, re.S).group(0)


def test_the_stored_summary_keeps_the_top_edges_and_counts_them_all(wide_log):
    summary = wide_log.summary
    assert summary["activities_total"] == ACTIVITIES
    assert (len(summary["dfg"]), summary["dfg_total"]) == (100, 400)
    assert (len(summary["variants"]), summary["variants_total"]) == (imports.TOP_VARIANTS, CASES)


def test_the_log_page_shows_one_page_of_each_list(alice, workspace, wide_log):
    url = f"/w/{workspace.slug}/logs/{wide_log.pk}/"
    page = client_for(alice).get(url).content.decode()
    assert section(page, "activities").count("<tr><td>") == PAGE_SIZE
    assert section(page, "transitions").count("<tr><td>") == PAGE_SIZE
    assert section(page, "variants").count("<li>") == 15
    assert "Page 1 of 14 (400 in all)" in page
    assert len(page) < 200_000
    second = client_for(alice).get(url, {"activities_page": 2}).content.decode()
    first_rows = set(re.findall(r"activity \d{3}", section(page, "activities")))
    second_rows = set(re.findall(r"activity \d{3}", section(second, "activities")))
    assert len(second_rows) == PAGE_SIZE and not first_rows & second_rows
    beyond = client_for(alice).get(url, {"activities_page": 999}).content.decode()
    assert "Page 14 of 14" in beyond


def test_the_link_page_offers_a_bounded_list_per_step(alice, workspace, wide_log, claims_journey):
    url = f"/w/{workspace.slug}/logs/{wide_log.pk}/link/"
    client = client_for(alice)
    page = client.get(url, {"journey": claims_journey.pk}).content.decode()
    steps = claims_journey.steps.count()
    assert page.count('<option value="activity') == steps * LINK_OPTIONS
    found = client.get(url, {"journey": claims_journey.pk, "q": "activity 123"}).content.decode()
    assert found.count('<option value="activity') == steps
    step = claims_journey.steps.first()
    chosen = name(399)
    response = client.post(
        url,
        {
            "journey": claims_journey.pk,
            "version": wide_log.version,
            "save": "1",
            f"step_{step.pk}": [chosen],
        },
    )
    assert response.status_code == 302
    wide_log.refresh_from_db()
    assert wide_log.step_activities == {str(step.pk): [chosen]}
    # A chosen activity stays offered (selected) on its step, whatever page is shown.
    again = client.get(url, {"journey": claims_journey.pk}).content.decode()
    assert f'<option value="{chosen}" selected>' in again


def test_the_api_answers_windows_of_the_summary(alice, wide_log, api):
    client = api(alice)
    answer = client.get(f"/api/eventlogs/{wide_log.pk}/summary?limit=10&offset=5").json()
    assert len(answer["activities"]) == len(answer["dfg"]) == len(answer["variants"]) == 10
    assert (answer["activities_total"], answer["dfg_total"]) == (ACTIVITIES, 400)
    assert client.get(f"/api/eventlogs/{wide_log.pk}/summary?limit=100000").status_code == 422
    default = client.get(f"/api/eventlogs/{wide_log.pk}/summary").json()
    assert len(default["activities"]) == 100


def test_the_api_lists_logs_a_window_at_a_time(alice, workspace, wide_log, api):
    client = api(alice)
    assert len(client.get(f"/api/workspaces/{workspace.pk}/eventlogs?limit=1").json()) == 1
    assert client.get(f"/api/workspaces/{workspace.pk}/eventlogs?offset=1").json() == []
    assert client.get(f"/api/workspaces/{workspace.pk}/eventlogs?limit=0").status_code == 422
