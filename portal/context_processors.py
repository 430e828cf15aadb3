"""What every page's menu offers the signed-in user: ``nav`` (``blocs.access.Navigation``)."""

from __future__ import annotations

from blocs.access import Navigation


def navigation(request) -> dict:
    return {"nav": Navigation(request.user)}
