"""No stored choice key reaches the visible text of a page: the Act page's evidence list,
its comments and its history lines say the labels in the reader's language."""

import html
import re

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType

from teekond.actions.models import ChangeLog, Comment
from teekond.journeys.models import Step
from tests.maps import make_map, page_as

pytestmark = pytest.mark.django_db


def raw_keys() -> set[str]:
    """Every choice key of Teekond's models that is not a word a person would write."""
    keys = set()
    for model in apps.get_models():
        if not model.__module__.startswith("teekond."):
            continue
        for field in model._meta.get_fields():
            for key, label in getattr(field, "flatchoices", None) or []:
                if isinstance(key, str) and "_" in key and key != str(label):
                    keys.add(key)
    return keys


def visible_text(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<[^>]+>", " ", page)
    return html.unescape(page)


@pytest.mark.parametrize("language", ["et", "en"])
def test_the_act_page_shows_labels_not_keys(alice, workspace, language):
    journey = make_map(workspace, alice)
    step = Step.objects.filter(journey=journey).first()
    ChangeLog.objects.create(
        workspace=workspace,
        actor=alice,
        action="updated",
        label=step.name,
        journey=journey,
        subject_type=ContentType.objects.get_for_model(Step),
        subject_id=step.pk,
        changes={"channel": ["word_of_mouth", "social_media"]},
    )
    Comment.objects.create(
        workspace=workspace,
        author=alice,
        journey=journey,
        body="Nägime ise",
        evidence="focus_group",
    )
    page = page_as(alice, f"/w/{workspace.slug}/journeys/{journey.pk}/act/", language)
    text = visible_text(page)
    assert "focus_group" in raw_keys() and "word_of_mouth" in raw_keys()
    shown = sorted(key for key in raw_keys() if re.search(rf"\b{key}\b", text))
    assert shown == []
    words = {"et": ("Fookusgrupp", "Kanal"), "en": ("Focus group", "Channel")}[language]
    assert all(word in text for word in words), words
    assert '<option value="focus_group">' in page
