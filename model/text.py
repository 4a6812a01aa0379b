"""Text rules every reader, check and message shares."""

from __future__ import annotations


def cut(text: str, limit: int) -> str:
    """Return `text` cut to about `limit` characters at a word's end, marked with an ellipsis."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:") + " …"
