"""axe-core under the site's Content-Security-Policy (``script-src 'self'``): an inline script is refused,
so the vendored file is fetched from a same-origin address the browser context answers itself, from disk.
The pages are thus checked exactly as sent, policy included (no ``bypass_csp``), and nothing leaves the machine.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings

AXE = Path(settings.BASE_DIR) / "static" / "vendor" / "axe-core-4.14.1" / "axe.min.js"
AXE_PATH = "/__tests__/axe.min.js"  # answered by the context's route, never by the live server
SERIOUS = ("critical", "serious")


def serve_axe(context, origin: str) -> None:
    """Let the pages of ``context`` at ``origin`` load axe from ``AXE_PATH``."""
    context.route(
        f"{origin}{AXE_PATH}",
        lambda route: route.fulfill(path=str(AXE), content_type="application/javascript; charset=utf-8"),
    )


def serious_violations(page) -> list[dict]:
    """The critical and serious axe-core violations of the page as shown: id, impact, help, nodes."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        parts = urlsplit(page.url)
        page.add_script_tag(url=f"{parts.scheme}://{parts.netloc}{AXE_PATH}")
    return page.evaluate(
        """async (impacts) => {
            const result = await axe.run(document, {resultTypes: ["violations"]});
            return result.violations
                .filter((v) => impacts.includes(v.impact))
                .map((v) => ({
                    id: v.id,
                    impact: v.impact,
                    help: v.help,
                    nodes: v.nodes.slice(0, 8).map((n) => n.target.join(" ")),
                }));
        }""",
        list(SERIOUS),
    )
