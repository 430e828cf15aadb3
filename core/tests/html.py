"""Reading the pages the tests get: where a form's message is shown."""

from __future__ import annotations


def error_text(html: str, element_id: str) -> str | None:
    """The text of the element ``element_id`` if it is an ``invalid-feedback`` (the message shown
    beside a field: crispy's ``id_<field>_error``), None when the page has no such element."""
    from html.parser import HTMLParser

    void = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    class Finder(HTMLParser):
        def __init__(self):
            super().__init__()
            self.depth, self.parts, self.found = 0, [], False

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if self.depth:
                self.depth += tag not in void
            elif attrs.get("id") == element_id and "invalid-feedback" in (attrs.get("class") or "").split():
                self.depth, self.found = 1, True

        def handle_endtag(self, tag):
            if self.depth and tag not in void:
                self.depth -= 1

        def handle_data(self, data):
            if self.depth:
                self.parts.append(data)

    finder = Finder()
    finder.feed(html)
    return " ".join(" ".join(finder.parts).split()) if finder.found else None
