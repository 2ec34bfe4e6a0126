"""A workspace backup carries its answers, customers and surveys; the copy gets new links."""

import json

import pytest

from teekond.exports import backup
from teekond.research import services
from teekond.research.models import Customer, Response, SurveyConfig

pytestmark = pytest.mark.django_db


def test_answers_customers_and_surveys_survive_a_backup_round_trip(charlie, workspace, steps):
    config = services.survey_for_step(steps[0])
    customer = Customer.objects.create(
        workspace=workspace, external_id="K1", name="Alfa", revenue=10
    )
    services.record_response(config, {"csat": 4, "comment": "Tore"}, idempotency_key="k1")
    Response.objects.update(customer=customer)
    document = json.loads(backup.write_backup(backup.build_backup(workspace)))
    restored, _warnings = backup.restore_backup(charlie, document)
    copy = Response.objects.get(workspace=restored)
    assert (copy.csat, copy.comment, copy.customer.external_id) == (4, "Tore", "K1")
    assert copy.step.journey.workspace == restored
    new_config = SurveyConfig.objects.get(workspace=restored)
    assert new_config.token != config.token and new_config.step == copy.step
