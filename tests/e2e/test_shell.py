"""The app shell and working from the map, in real Chromium: the sidebar's pillars, the
workspace switcher, the narrow-screen menu, and a touchpoint's side panel that adds an
improvement action and copies the survey link."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from teekond.actions.models import BacklogItem
from teekond.journeys.models import Journey, Lane, Step


def test_the_sidebar_leads_through_the_pillars_and_folds_on_a_phone(logged_in_page, live_server):
    page = logged_in_page
    sidebar = page.get_by_test_id("sidebar")
    expect(sidebar.locator("[data-section]")).to_have_count(4)  # map, measure, act, workspace
    sidebar.locator("[data-nav=personas]").click()
    page.wait_for_url(re.compile(r"/w/demo/personas/$"))
    expect(sidebar.locator("[data-nav=personas]")).to_have_attribute("aria-current", "page")
    sidebar.locator("[data-nav=eventlogs]").click()
    page.wait_for_url(re.compile(r"/w/demo/logs/$"))

    switcher = page.get_by_test_id("workspace-switcher")
    switcher.locator("summary").click()
    expect(switcher.locator(".ws-menu a[aria-current]")).to_contain_text("Demo: Teekond")

    page.set_viewport_size({"width": 600, "height": 900})
    page.goto(f"{live_server.url}/w/demo/")
    expect(sidebar).not_to_be_in_viewport()
    page.locator("[data-toggle-sidebar]").click()
    expect(sidebar).to_be_in_viewport()
    sidebar.locator("[data-nav=journeys]").click()
    page.wait_for_url(re.compile(r"/w/demo/maps/$"))
    expect(page.get_by_test_id("map-card").first).to_be_visible()


def test_a_touchpoints_panel_adds_an_action_and_copies_the_survey_link(logged_in_page, live_server):
    page = logged_in_page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    journey = Journey.objects.filter(workspace__slug="demo", persona__name="Emma").first()
    step = Step.objects.filter(journey=journey).order_by("stage__position", "position").first()
    page.goto(f"{live_server.url}/w/demo/maps/{journey.pk}/")
    expect(page.locator("#jm[data-ready=true]")).to_be_attached()

    page.locator(f'.jm-step[data-step-id="{step.pk}"] [data-testid=open-step-panel]').click()
    panel = page.get_by_test_id("step-panel")
    expect(panel.get_by_test_id("step-panel-title")).to_have_text(step.name)

    form = panel.get_by_test_id("add-action-form")
    form.locator("input[name=title]").fill("Helista tagasi tunni jooksul")
    form.locator("select[name=owner_id]").select_option(index=1)
    form.locator("input[name=deadline]").fill("2027-04-30")
    form.get_by_test_id("add-action").click()
    expect(panel.get_by_test_id("step-actions")).to_contain_text("Helista tagasi tunni jooksul")
    item = BacklogItem.objects.get(title="Helista tagasi tunni jooksul")
    assert item.subject_id == step.pk and item.journey_id == journey.pk
    assert item.owner_id is not None and str(item.deadline) == "2027-04-30"

    link = panel.get_by_test_id("survey-link").input_value()
    assert re.search(r"/s/[\w-]+/\?src=web$", link)
    panel.get_by_test_id("copy-survey-link").click()
    assert page.evaluate("navigator.clipboard.readText()") == link

    page.keyboard.press("Escape")
    expect(page.locator("#jm-panel")).to_be_hidden()


def test_a_lane_goes_where_it_is_inserted_and_a_touchpoint_gets_its_channel_at_once(
    logged_in_page, live_server
):
    page = logged_in_page
    journey = Journey.objects.filter(workspace__slug="demo", persona__name="Emma").first()
    first_lane = Lane.objects.filter(journey=journey).order_by("position", "id").first()
    page.goto(f"{live_server.url}/w/demo/maps/{journey.pk}/")
    expect(page.locator("#jm[data-ready=true]")).to_be_attached()

    lane = page.locator(f'.jm-lane[data-lane-id="{first_lane.pk}"]')
    lane.hover()
    lane.get_by_test_id("insert-lane").click()
    dialog = page.locator("#jm-dialog")
    expect(dialog.get_by_test_id("lane-position")).to_have_value("1")  # right below it
    dialog.locator("input[name=name]").fill("Konkurendid")
    dialog.get_by_test_id("dialog-save").click()
    expect(page.locator(".jm-lanes > .jm-lane").nth(1)).to_contain_text("Konkurendid")
    names = list(
        Lane.objects.filter(journey=journey).order_by("position").values_list("name", flat=True)
    )
    assert names[1] == "Konkurendid"

    stage = journey.stages.order_by("position").first()
    page.locator(f'.jm-stage[data-stage-id="{stage.pk}"] .add-step').click()
    dialog.locator("input[name=name]").fill("Sõbra soovitus")
    dialog.locator("select[name=channel]").select_option("word_of_mouth")
    dialog.locator("select[name=directness]").select_option("indirect")
    dialog.get_by_test_id("dialog-save").click()
    expect(page.locator(".jm-step", has_text="Sõbra soovitus")).to_be_visible()
    created = Step.objects.get(journey=journey, name="Sõbra soovitus")
    assert (created.channel, created.directness) == ("word_of_mouth", "indirect")
