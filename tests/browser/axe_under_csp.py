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


def start_axe(page) -> None:
    """Start axe on the page without waiting for it (pages of several tabs are then checked side by side)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        parts = urlsplit(page.url)
        page.add_script_tag(url=f"{parts.scheme}://{parts.netloc}{AXE_PATH}")
    page.evaluate(
        """(impacts) => {
            window.__axeViolations = axe.run(document, {resultTypes: ["violations"]}).then((result) =>
                result.violations
                    .filter((v) => impacts.includes(v.impact))
                    .map((v) => ({
                        id: v.id,
                        impact: v.impact,
                        help: v.help,
                        nodes: v.nodes.slice(0, 8).map((n) => n.target.join(" ")),
                    }))
            );
        }""",
        list(SERIOUS),
    )


def axe_result(page) -> list[dict]:
    """The critical and serious violations found by the run ``start_axe`` started: id, impact, help, nodes."""
    return page.evaluate("() => window.__axeViolations")


def serious_violations(page) -> list[dict]:
    """The critical and serious axe-core violations of the page as shown."""
    start_axe(page)
    return axe_result(page)
