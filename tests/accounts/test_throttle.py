"""Failed log-ins and API tokens are throttled per account and per client address."""

from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.utils import timezone
from django.utils.translation import override

from teekond.accounts import services
from teekond.accounts.models import ApiToken, AuthFailure
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LIMITS = {"LOGIN_FAILURES_PER_ACCOUNT": 5, "LOGIN_FAILURES_PER_ADDRESS": 8}


def login(client: Client, username: str, password: str, address: str = "10.0.0.1"):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def age_failures(minutes: int) -> None:
    AuthFailure.objects.update(at=timezone.now() - timedelta(minutes=minutes))


@override_settings(**LIMITS)
def test_wrong_passwords_lock_the_account_even_for_the_right_password(alice):
    client = Client()
    for _ in range(5):
        assert login(client, "alice", "wrong").status_code == 200
    response = login(client, "alice", PASSWORD)
    assert response.status_code == 429 and response["Retry-After"] == "900"
    assert "_auth_user_id" not in client.session
    assert "Too many failed log-ins. Try again in 15 minutes." in response.content.decode()
    # From another address too: the account is what was guessed at.
    assert login(Client(), "ALICE", PASSWORD, address="10.9.9.9").status_code == 429
    # Refused attempts are not counted, so the lockout ends with the window.
    assert AuthFailure.objects.filter(scope="account").count() == 5


@override_settings(**LIMITS)
def test_the_lockout_ends_and_a_good_login_clears_the_account(alice):
    client = Client()
    for _ in range(5):
        login(client, "alice", "wrong")
    age_failures(14)
    with override("en"):
        body = login(client, "alice", PASSWORD).content.decode()
    assert "Try again in 1 minute." in body
    age_failures(16)
    assert login(client, "alice", PASSWORD).status_code == 302
    assert not AuthFailure.objects.filter(scope="account", key="alice").exists()


@override_settings(**LIMITS)
def test_one_address_trying_many_accounts_is_locked(alice, bob):
    client = Client()
    for i in range(8):
        login(client, f"nobody{i}", "wrong", address="10.0.0.7")
    assert login(Client(), "bob", PASSWORD, address="10.0.0.7").status_code == 429
    # Another address is not affected.
    assert login(Client(), "bob", PASSWORD, address="10.0.0.8").status_code == 302


@override_settings(**LIMITS)
def test_the_lockout_message_is_in_estonian():
    client = Client(headers={"accept-language": "et"})
    for _ in range(5):
        login(client, "mari", "wrong")
    body = login(client, "mari", "wrong").content.decode()
    assert "Liiga palju ebaõnnestunud sisselogimisi. Proovi uuesti 15 minuti pärast." in body


@override_settings(**LIMITS)
def test_the_admin_login_is_throttled_too(alice):
    alice.is_staff = alice.is_superuser = True
    alice.save()
    client = Client()
    for _ in range(5):
        client.post("/admin/login/", {"username": "alice", "password": "wrong"})
    response = client.post("/admin/login/", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@override_settings(**LIMITS)
def test_invalid_api_tokens_are_throttled_per_address_and_valid_ones_still_work(alice):
    bad = {"Authorization": "Bearer tk_not-a-real-token"}
    client = Client()
    for _ in range(8):
        assert client.get("/api/me", headers=bad, REMOTE_ADDR="10.0.0.3").status_code == 401
    refused = client.get("/api/me", headers=bad, REMOTE_ADDR="10.0.0.3")
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "rate_limited"
    _, raw = services.create_token(alice, "ci")
    good = client.get("/api/me", headers={"Authorization": f"Bearer {raw}"}, REMOTE_ADDR="10.0.0.3")
    assert good.status_code == 200


def test_a_user_has_a_bounded_number_of_active_tokens(alice):
    for i in range(services.MAX_ACTIVE_TOKENS):
        services.create_token(alice, f"t{i}")
    client = Client()
    client.force_login(alice)
    page = client.post("/accounts/tokens/", {"name": "one more"}, follow=True)
    assert "rohkem ei saa" in page.content.decode()  # alice reads Estonian
    assert ApiToken.objects.filter(user=alice).count() == services.MAX_ACTIVE_TOKENS
    services.revoke_token(alice, ApiToken.objects.filter(user=alice).first().pk)
    services.create_token(alice, "after revoking one")
