"""Path converters shared by every app's URLs (registered in SummitConfig.ready, before any URLconf loads)."""


class TokenConverter:
    """A key, token or signed value in a path: URL-safe Base64 letters and the signer's colon. Anything else (a NUL
    byte, spaces, other scripts) matches no address and is a plain 404, never a database lookup."""

    regex = r"[A-Za-z0-9_:-]{1,200}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
