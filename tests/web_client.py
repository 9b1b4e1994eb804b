"""FastAPI's test client as a browser on this computer uses the app: over https (the session
cookie is `Secure`), on a host name the app accepts (127.0.0.1), keeping its cookies, and
sending the page's CSRF token with every form as the page's hidden field does."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

LOCAL_BASE = "https://127.0.0.1"
CSRF_INPUT = re.compile(r'<input type="hidden" name="csrf_token" value="([^"]+)">')


def csrf_token_in(html: str) -> str:
    """The CSRF token of a page's forms (every form of a page carries the same one)."""
    found = CSRF_INPUT.search(html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


class PageClient(TestClient):
    def __init__(self, app: Any, **kwargs: Any):
        super().__init__(app, base_url=kwargs.pop("base_url", LOCAL_BASE), **kwargs)
        self._csrf: str | None = None

    def csrf_token(self) -> str:
        """The session's token, read off the form page once."""
        if self._csrf is None:
            self._csrf = csrf_token_in(self.get("/").text)
        return self._csrf

    def post_as_sent(self, url: Any, **kwargs: Any) -> Any:
        """A POST exactly as given: no token added."""
        return super().post(url, **kwargs)

    def post(self, url: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        data = kwargs.get("data")
        if (isinstance(data, dict) or "files" in kwargs) and "csrf_token" not in (data or {}):
            kwargs["data"] = {**(data or {}), "csrf_token": self.csrf_token()}
        return super().post(url, **kwargs)
