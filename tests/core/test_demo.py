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
