import pytest

from teekond.accounts.demo import load_demo
from teekond.accounts.models import Workspace


@pytest.mark.django_db(transaction=True)
def test_the_demo_can_be_rebuilt_from_scratch():
    first = load_demo()
    assert first.created
    again = load_demo(reset=True)
    assert again.created and again.workspace.pk != first.workspace.pk
    assert Workspace.objects.filter(slug="demo").count() == 1
    assert again.workspace.journeys.exists()


@pytest.mark.django_db
def test_demo_users_get_the_language_their_browser_asks_for(monkeypatch):
    from django.contrib.auth import get_user_model
    from django.test import Client

    from teekond.accounts import demo

    # Only the accounts part of the demo matters here; the maps take seconds to build.
    monkeypatch.setattr(demo.DEMO_BUILDERS, "run", lambda *args: None)
    load_demo()
    client = Client()
    client.force_login(get_user_model().objects.get(username="demo"))
    english = client.get("/accounts/tokens/", headers={"Accept-Language": "en"}).content.decode()
    estonian = client.get("/accounts/tokens/", headers={"Accept-Language": "et"}).content.decode()
    assert 'lang="en"' in english
    assert 'lang="et"' in estonian
