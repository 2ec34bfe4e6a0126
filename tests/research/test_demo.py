import pytest

from teekond.accounts.demo import load_demo
from teekond.research import services
from teekond.research.models import Customer, Response

pytestmark = pytest.mark.django_db


def test_the_demo_has_answers_customers_and_live_measures():
    result = load_demo()
    journey = Response.objects.filter(workspace=result.workspace).first().journey
    assert Response.objects.filter(journey=journey).count() > 300
    assert Response.objects.exclude(emotions=[]).exists()
    assert Customer.objects.filter(workspace=result.workspace).exclude(segment="").count() == 40
    assert services.journey_drivers(journey, "et")["drivers"]
    quad = services.customer_quadrants(result.workspace, journey)
    assert all(quad["quadrants"][q] for q in ("exemplary", "growth", "at_risk", "hanging"))
