"""The API documentation page renders in a real browser under the site's own CSP: Redoc from our static
files, no script, style or font from elsewhere."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_docs_render_from_our_own_files(live_server, page):
    blocked, fetched = [], []

    def console(message):
        if "Content Security Policy" in message.text:
            blocked.append(message.text)

    def request(sent):
        ours = sent.url.startswith((live_server.url, "blob:", "data:"))  # blob: Redoc's search worker
        if not ours and sent.resource_type in ("script", "stylesheet", "font"):
            fetched.append(sent.url)

    page.on("console", console)
    page.on("request", request)
    page.goto(f"{live_server.url}/api/v1/docs/")
    page.get_by_role("heading", name="Wijkregie API").first.wait_for(timeout=20_000)

    assert page.get_by_text("residents", exact=False).count() > 0
    assert fetched == []
    assert [text for text in blocked if "script" in text.lower() or "style" in text.lower()] == []
