"""Bearer-token check for every route, in constant time.

Both sides are hashed first so `hmac.compare_digest` compares equal-length digests: the time taken
reveals neither the token nor its length. An empty configured token refuses everything (fail closed).
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Mapping


def _digest(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


def bearer_token(headers: Mapping[str, str]) -> str:
    """The token of an `Authorization: Bearer <token>` header (scheme case-insensitive), or ""."""
    value = ""
    for name, header in headers.items():
        if name.lower() == "authorization":
            value = header
            break
    scheme, _, token = value.strip().partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def is_authorized(headers: Mapping[str, str], expected: str) -> bool:
    presented = bearer_token(headers)
    # Always run the comparison, even for a missing token, so both paths cost the same.
    match = hmac.compare_digest(_digest(presented), _digest(expected or ""))
    return bool(expected) and bool(presented) and match
