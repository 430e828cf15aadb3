"""``{% fragment "name" value… %}…{% endfragment %}``: a part of a page, rendered once per data version.

    {% load fragments %}
    {% fragment "bloc-meetings" bloc.pk %}…{% endfragment %}

The part is kept in the ``fragments`` cache under its name, the values given, the active language and the
data version (core/fragments.py): give every value the part depends on besides the data itself, the user
among them when what it shows depends on who looks. An empty name renders the part without the cache (a
form posted back with its errors, say). A part may hold forms: their CSRF token is kept as a placeholder
and each answer gets the browser's own. Nothing a part sets in the context is seen after it. Whatever the
part reads lazily (the view's ``SimpleLazyObject``, a ``cached_property``) is not read at all when the part
comes from the cache.
"""

from __future__ import annotations

import hashlib
import logging
import threading

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core import fragments

register = template.Library()
logger = logging.getLogger(__name__)

# What {% csrf_token %} writes inside a part while it is rendered for the cache; "<" cannot come out of an
# escaped value, so only the token's own place holds it.
CSRF_PLACEHOLDER = "<fragment csrf token>"
CSRF_PLACEHOLDER_HTML = str(conditional_escape(CSRF_PLACEHOLDER))


RECENT = fragments.Recent(budget=8_000_000)


class Stores(threading.local):
    """The parts rendered inside the outermost part being rendered, kept in the cache together when it is
    done: one round trip for a page's parts (a bloc page rendered cold holds six) instead of one each."""

    def __init__(self) -> None:
        self.depth = 0
        self.parts: dict[str, str] = {}


STORES = Stores()


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, vary_on):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on

    def key(self, context, name: str, version: str) -> str:
        values = [str(value.resolve(context)) for value in self.vary_on]
        parts = [*values, get_language() or "", version, fragments.release()]
        digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
        return f"fragment:{name}:{digest[:32]}"

    def render(self, context):
        name = self.name.resolve(context)
        version = (
            fragments.request_version(context.get("request"))
            if name and not fragments.inside_unfinished_write()
            else None
        )
        if version is None:
            return self.nodelist.render(context)
        key = self.key(context, name, version)
        html = RECENT.get(key)
        if html is None:
            cache = fragments.cache()
            try:
                html = cache.get(key)
            except Exception:  # unreachable cache: render the part
                logger.warning("fragments cache unreachable", exc_info=True)
                return self.nodelist.render(context)
            if html is None:
                html = self.render_to_keep(context, cache, key)
            RECENT.put(key, html)
        if CSRF_PLACEHOLDER_HTML in html:
            html = html.replace(CSRF_PLACEHOLDER_HTML, str(conditional_escape(context.get("csrf_token", ""))))
        return mark_safe(html)  # noqa: S308  rendered (and escaped) by this node's template

    def render_to_keep(self, context, cache, key: str) -> str:
        """The part rendered for the cache; kept with the parts inside it once the outermost is done."""
        STORES.depth += 1
        try:
            with context.push(csrf_token=CSRF_PLACEHOLDER):
                html = str(self.nodelist.render(context))
        except BaseException:
            if STORES.depth == 1:
                STORES.parts.clear()  # the page fails: its inner parts are not kept either
            raise
        finally:
            STORES.depth -= 1
        STORES.parts[key] = html
        if STORES.depth == 0:
            parts, STORES.parts = STORES.parts, {}
            try:
                cache.set_many(parts)
            except Exception:
                logger.warning("fragments cache unreachable", exc_info=True)
        return html


@register.tag("fragment")
def do_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% fragment %} takes a name, then the values the part depends on")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(bit) for bit in bits[2:]])
