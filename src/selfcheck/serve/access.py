"""Who may use a served app: a random token in the link, kept in a cookie for the page's own
requests, compared in constant time; and which addresses count as this machine only.

The token is not a login: everyone who has the link acts as the one OS user running the server.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
from urllib.parse import urlsplit

#: The query parameter that carries the token in the printed link.
TOKEN_PARAMETER = "token"
#: 32 random bytes: far beyond guessing over a network.
TOKEN_BYTES = 32

# The page is built from our own files only: no script, style, font or image from elsewhere, no
# framing by another site, and connections only back to this server (its websocket included).
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "font-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # The link holds the token: never send it on to another page.
    "Referrer-Policy": "no-referrer",
    # Reports and pages hold a candidate's notes: nothing is kept in a shared cache.
    "Cache-Control": "no-store",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def cookie_name(port: int) -> str:
    """Cookies are shared by every port of a host: each server keeps its own."""
    return f"selfcheck-{port}"


def token_matches(presented: str | None, token: str) -> bool:
    """True if `presented` is the token; the time taken does not depend on how much matches."""
    if not presented:
        return False
    return hmac.compare_digest(presented.encode("utf-8", "replace"), token.encode("utf-8"))


def is_allowed(query_token: str | None, cookie_token: str | None, token: str) -> bool:
    """A request carries the token in the link (the page) or in the cookie (everything the
    page asks for afterwards: scripts, the websocket, downloads)."""
    # Both are compared, so the time taken does not tell which one was present.
    by_link = token_matches(query_token, token)
    by_cookie = token_matches(cookie_token, token)
    return by_link or by_cookie


def same_origin(origin: str | None, host: str) -> bool:
    """A websocket may be opened only by our own page (a browser always sends Origin)."""
    if origin is None:
        return True  # not a browser: the token is all there is to check
    parts = urlsplit(origin)
    return parts.scheme in ("http", "https") and parts.netloc.lower() == host.lower()


def is_loopback(host: str) -> bool:
    """True if `host` is reachable from this machine only."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a name: it may resolve to anything


def url_host(address: str) -> str:
    """How a bound address is written in a link: IPv6 in brackets, and a wildcard address as
    the loopback one (the server answers there too)."""
    if address in ("0.0.0.0", ""):
        return "127.0.0.1"
    if address == "::":
        return "[::1]"
    return f"[{address}]" if ":" in address else address
