"""Personal survey links (DOMAIN §6): never ask what the data holds, ask each segment its own
questions. The link carries a signed customer reference that cannot be forged."""

import re
from urllib.parse import unquote

import pytest
from django.test import Client

from teekond.accounts.models import Membership, Role
from teekond.core.errors import Invalid
from teekond.research import services
from teekond.research.models import Customer, Response

pytestmark = pytest.mark.django_db


@pytest.fixture
def config(steps):
    config = services.survey_for_step(steps[0])
    return services.update_survey(
        config,
        {"questions": ["nps", "comment"], "segment_questions": {"Etsy": ["ces", "comment"]}},
        config.version,
    )


@pytest.fixture
def etsy(workspace):
    return Customer.objects.create(
        workspace=workspace, external_id="K7", name="Savi OÜ", segment="Etsy"
    )


def _path(url: str) -> str:
    """The path and query of an absolute URL."""
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def test_a_personal_link_asks_the_segments_questions_and_stores_the_customer(config, etsy):
    url = services.customer_link(config, etsy)
    page = Client().get(_path(url) + "&lang=et").content.decode()
    assert 'name="ces"' in page and 'name="nps"' not in page
    ref = re.search(r'name="c" value="([^"]+)"', page).group(1)
    # switching the language keeps the personal link
    english = re.search(r'href="([^"]*lang=en[^"]*)"', page).group(1).replace("&amp;", "&")
    assert 'name="ces"' in Client().get(f"/s/{config.token}/{english}").content.decode()
    key = re.search(r'name="key" value="([^"]+)"', page).group(1)
    token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    form = {"key": key, "form_token": token, "c": ref, "ces": "6", "nps": "2"}
    Client().post(f"/s/{config.token}/", form)
    stored = Response.objects.get()
    assert (stored.customer, stored.respondent, stored.ces) == (etsy, "K7", 6)
    assert stored.nps is None  # not asked of this segment, so not kept


def test_others_get_the_general_questions(config, workspace):
    other = Customer.objects.create(workspace=workspace, external_id="K8", name="B", segment="B2B")
    page = Client().get(_path(services.customer_link(config, other))).content.decode()
    assert 'name="nps"' in page and 'name="ces"' not in page
    anonymous = Client().get(f"/s/{config.token}/").content.decode()
    assert 'name="nps"' in anonymous and 'name="c"' not in anonymous


def test_a_forged_or_foreign_reference_is_ignored(config, etsy, other_workspace, charlie, signed):
    url = services.customer_link(config, etsy)
    ref = unquote(url.split("c=", 1)[1])
    assert services.customer_from_link(config, ref) == etsy
    forged = ref[:-2] + ("AA" if not ref.endswith("AA") else "BB")
    assert services.customer_from_link(config, forged) is None
    stranger = Customer.objects.create(workspace=other_workspace, external_id="X", name="X")
    with pytest.raises(Exception):  # noqa: B017 - NotFound: not this workspace's customer
        services.customer_link(config, stranger)
    Client().post(f"/s/{config.token}/", signed(config, {"key": "k1", "c": forged, "nps": "9"}))
    stored = Response.objects.get()
    assert stored.customer is None and stored.nps == 9  # the general questions


def test_the_link_endpoint_and_who_may_use_it(api, alice, bob, charlie, workspace, config, etsy):
    url = f"/api/steps/{config.step_id}/survey/link?customer_external_id=K7"
    got = api(bob).get(url)
    assert got.status_code == 200
    body = got.json()
    assert body["segment"] == "Etsy" and body["questions"] == ["ces", "comment"]
    assert services.customer_from_link(config, unquote(body["url"].split("c=", 1)[1])) == etsy
    assert api(charlie).get(url).status_code == 404
    missing = api(bob).get(f"/api/steps/{config.step_id}/survey/link?customer_external_id=nope")
    assert missing.status_code == 422
    Membership.objects.filter(user=bob).update(role=Role.VIEWER)
    assert api(bob).get(url).status_code == 403


def test_segment_questions_are_set_on_the_settings_page_and_checked(alice, workspace, steps, etsy):
    config = services.survey_for_step(steps[0])
    client = Client()
    client.force_login(alice)
    url = f"/w/{workspace.slug}/measure/steps/{steps[0].pk}/survey/"
    assert 'data-testid="segment-questions"' in client.get(url).content.decode()
    client.post(
        url,
        {
            "version": config.version,
            "questions": ["csat"],
            "is_active": "on",
            "own_0": "on",
            "segment_0": ["nps", "three_es"],
        },
    )
    config.refresh_from_db()
    assert config.segment_questions == {"Etsy": ["nps", "three_es"]}
    assert config.questions_for("Etsy") == ["nps", "three_es"]
    assert config.questions_for("B2B") == config.questions_for(None) == ["csat"]
    with pytest.raises(Invalid):
        services.update_survey(config, {"segment_questions": {"Etsy": ["age"]}}, config.version)
