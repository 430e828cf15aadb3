"""The organization certificates at rest: Fernet (AES-128-CBC with HMAC-SHA256) under ``DOCUMENT_SIGNING_KEY``,
which lives in the environment and never in the database beside what it protects."""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

__all__ = ["InvalidToken", "available", "decrypt", "encrypt"]


def _fernet() -> Fernet | None:
    key = settings.DOCUMENT_SIGNING_KEY
    if not key:
        return None
    try:
        return Fernet(key)
    except (ValueError, TypeError):
        return None  # not a Fernet key: as if none were set (the page says signing is unavailable)


def available() -> bool:
    """Whether the application may keep and use organization certificates (a valid key is configured)."""
    return _fernet() is not None


def encrypt(data: bytes) -> bytes:
    fernet = _fernet()
    if fernet is None:
        raise RuntimeError("DOCUMENT_SIGNING_KEY is not set to a Fernet key")
    return fernet.encrypt(data)


def decrypt(token: bytes) -> bytes:
    """The clear bytes; ``InvalidToken`` when the key changed since they were encrypted."""
    fernet = _fernet()
    if fernet is None:
        raise InvalidToken
    return fernet.decrypt(bytes(token))
