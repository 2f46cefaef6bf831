"""Domain errors: each carries one clear, user-facing message."""

from __future__ import annotations


class KakehashiError(Exception):
    """Base class for errors a user may see (never a traceback)."""


class NotFound(KakehashiError):
    """The object does not exist, or the caller may not know that it exists."""


class InvalidInput(KakehashiError):
    """Input that cannot be used at all; nothing was changed."""


class PermissionDenied(KakehashiError):
    """The caller is known but may not do this."""


class AuthenticationFailed(KakehashiError):
    """Unknown email, wrong password, inactive account or an invalid/expired token (one message for all)."""


class TooManyAttempts(KakehashiError):
    """Too many failed sign-ins for this email or address; try again later."""
