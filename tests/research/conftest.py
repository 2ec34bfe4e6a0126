import pytest

from teekond.journeys.models import Cell, Journey, Lane, LaneType, Stage, Step


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    """Background tasks run in the request; test_worker.py drives the real worker instead."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default", "webhooks"],
        }
    }
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def fresh_cache():
    from django.core.cache import cache

    from teekond.research import ratelimit, surveys

    cache.clear()
    surveys._by_token.clear()
    ratelimit.clear_memory()
    yield
    cache.clear()
    surveys._by_token.clear()
    ratelimit.clear_memory()


@pytest.fixture
def journey(workspace, alice):
    """Ordering a parcel: two stages, three steps, an emotion lane and a three-E lane."""
    j = Journey.objects.create(workspace=workspace, title="Paki tellimine", owner=alice)
    order = Stage.objects.create(journey=j, name="Tellimine", position=0)
    deliver = Stage.objects.create(journey=j, name="Kättetoimetamine", position=1)
    steps = [
        Step.objects.create(journey=j, stage=order, name="Veebipood", position=0),
        Step.objects.create(journey=j, stage=order, name="Maksmine", position=1),
        Step.objects.create(journey=j, stage=deliver, name="Pakiautomaat", position=0),
    ]
    emotion = Lane.objects.create(journey=j, type=LaneType.EMOTION, name="Emotsioonid", position=0)
    three = Lane.objects.create(journey=j, type=LaneType.THREE_ES, name="Kolm E-d", position=1)
    Cell.objects.create(journey=j, lane=emotion, step=steps[0], emotion="joyful")
    Cell.objects.create(journey=j, lane=emotion, step=steps[2], emotion="calm", valence=2)
    Cell.objects.create(
        journey=j, lane=three, step=steps[1], effect_rating=5, ease_rating=5, emotion_rating=4
    )
    return j


@pytest.fixture
def steps(journey):
    return list(journey.steps.order_by("stage__position", "position"))


@pytest.fixture
def signed():
    """``signed(config, form)``: the form with the signed token its survey page would carry."""
    from teekond.research import formtoken

    def sign(config, form):
        return {**form, "form_token": formtoken.make(config.token, form.get("key", ""))}

    return sign
