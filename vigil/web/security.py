"""What every response carries.

The Content-Security-Policy allows nothing but this site's own stylesheet and images (and
``data:`` images for the enrolment QR code): no script runs at all, inline or not. One page
sets its own policy, this one plus ``script-src 'self'``: the review queue, whose keys a
static script reads (vigil.web.pages.review).
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
    (b"strict-transport-security", b"max-age=31536000"),
]
NO_STORE = (b"cache-control", b"no-store")


class SecurityHeaders:
    """Add the security headers to every response, and forbid caching of anything but the
    static files (pages and API answers hold personal data). A response that sets its own
    Content-Security-Policy keeps it (the annual report shown in the browser: sandboxed)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope["path"].startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                own_policy = any(name.lower() == HEADERS[0][0] for name, _ in headers)
                message["headers"] = [*headers, *(HEADERS[1:] if own_policy else HEADERS)]
                if not static:
                    message["headers"].append(NO_STORE)
            await send(message)

        await self.app(scope, receive, send_with_headers)
