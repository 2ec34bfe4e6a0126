"""The event-log page: its funnel agrees with its conformance table, its tables show 0
instead of blanks, and its analyses are computed once per state of the log."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from teekond.eventlogs import analyses, services
from teekond.journeys.models import Journey, Stage, Step

pytestmark = pytest.mark.django_db(transaction=True)

# Case 1 skips the optional B, case 2 walks A-B-C, case 3 stops after A.
CSV = b"""case_id,activity,timestamp
1,A,2026-01-01 10:00
1,C,2026-01-01 11:00
2,A,2026-01-01 10:00
2,B,2026-01-01 10:30
2,C,2026-01-01 11:00
3,A,2026-01-01 10:00
"""


@pytest.fixture
def linked(alice, workspace):
    log = services.create_log(alice, workspace, SimpleUploadedFile("visits.csv", CSV))
    log.refresh_from_db()
    journey = Journey.objects.create(workspace=workspace, title="Külastus")
    stage = Stage.objects.create(journey=journey, name="Kõik", position=0)
    for i, name in enumerate("ABC"):
        Step.objects.create(journey=journey, stage=stage, name=name, position=i)
    mapping = services.suggest_step_activities(log, journey)
    return services.link_journey(alice, log, journey.pk, mapping, log.version)


def test_the_funnel_agrees_with_the_conformance_table(linked):
    result = analyses.page_analyses(linked)
    funnel, conformance = result["funnel"]["steps"], result["conformance"]["steps"]
    # Case 1 skipped B but went on to C: it has not dropped out after A.
    assert [s["cases"] for s in funnel] == [3, 2, 2]
    assert [s["dropped_after"] for s in funnel] == [s["ended_here"] for s in conformance]
    assert funnel[-1]["cases"] == result["conformance"]["completed"]


def test_the_activities_table_shows_zero_not_a_blank(alice, linked):
    client = Client()
    client.force_login(alice)
    page = client.get(f"/w/{linked.workspace.slug}/logs/{linked.pk}/").content.decode()
    table = page[page.index('data-testid="activities"') :]
    table = table[: table.index("</table>")]
    # B never starts or ends a case, C never starts one.
    assert "<td>B</td><td>1</td><td>0</td><td>0</td>" in table
    assert "<td>C</td><td>2</td><td>0</td><td>2</td>" in table


def test_the_analyses_are_stored_and_recomputed_when_the_link_changes(alice, linked):
    first = analyses.stored(linked)

    def not_again(log):
        raise AssertionError("computed again")

    assert services.stored_analyses(linked, not_again, analyses.PAGE_ANALYSES_VERSION) == first
    relinked = services.link_journey(alice, linked, None, {}, linked.version)
    again = analyses.stored(relinked)
    assert "funnel" in first and "funnel" not in again
