import pytest
from django.test import Client


@pytest.mark.django_db
def test_pages_name_an_icon_and_favicon_ico_leads_to_it():
    page = Client().get("/accounts/login/").content.decode()
    assert 'rel="icon"' in page
    answer = Client().get("/favicon.ico")
    assert answer.status_code == 301
    assert answer["Location"].startswith("/static/teekond/favicon")
    icon = Client().get(answer["Location"])
    assert icon.status_code == 200
    assert b"<svg" in b"".join(icon.streaming_content if icon.streaming else [icon.content])
