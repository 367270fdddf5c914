"""auth.py: bearer token compared in constant time; fail closed."""

from __future__ import annotations

import hmac

from gooni_worker import auth
from gooni_worker.auth import bearer_token, is_authorized


def test_the_right_bearer_token_passes_whatever_the_header_or_scheme_case() -> None:
    assert is_authorized({"Authorization": "Bearer tok-123"}, "tok-123")
    assert is_authorized({"authorization": "bearer tok-123"}, "tok-123")
    assert bearer_token({"AUTHORIZATION": "Bearer  tok-123 "}) == "tok-123"


def test_wrong_missing_or_other_scheme_tokens_fail() -> None:
    assert not is_authorized({"Authorization": "Bearer tok-124"}, "tok-123")
    assert not is_authorized({}, "tok-123")
    assert not is_authorized({"Authorization": "Basic tok-123"}, "tok-123")
    assert not is_authorized({"Authorization": "tok-123"}, "tok-123")
    assert not is_authorized({"Authorization": "Bearer tok-123-and-more"}, "tok-123")


def test_an_unconfigured_worker_refuses_everyone() -> None:
    assert not is_authorized({"Authorization": "Bearer "}, "")
    assert not is_authorized({"Authorization": "Bearer anything"}, "")


def test_the_comparison_is_hmac_compare_digest_on_equal_length_digests(monkeypatch) -> None:
    calls = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((len(a), len(b)))
        return real(a, b)

    monkeypatch.setattr(auth.hmac, "compare_digest", spy)
    is_authorized({"Authorization": "Bearer short"}, "a-much-longer-expected-token")
    is_authorized({}, "x")
    assert calls == [(32, 32), (32, 32)]
