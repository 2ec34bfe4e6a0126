from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from teekond.journeys.models import Journey, Stage, Step

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    """Run background tasks in the request; one test below drives the real worker instead."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def running_example():
    return SimpleUploadedFile("running-example.xes", (DATA / "running-example.xes").read_bytes())


@pytest.fixture
def claims_journey(workspace):
    """A map of the running example's insurance-claim process."""
    journey = Journey.objects.create(workspace=workspace, title="Hüvitisnõue")
    intake = Stage.objects.create(journey=journey, name="Avaldus", position=0)
    handling = Stage.objects.create(journey=journey, name="Menetlus", position=1)
    names = [(intake, "register request"), (handling, "check ticket"), (handling, "decide")]
    for i, (stage, name) in enumerate(names):
        Step.objects.create(journey=journey, stage=stage, name=name, position=i)
    return journey
