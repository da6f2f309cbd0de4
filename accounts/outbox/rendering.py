"""Rendering an email from its three templates (subject, text body, HTML body) and the footer,
in the recipient's language and with dates in their time zone.

A sweep writes thousands of emails that differ in a few values, so two things are rendered once
and reused, with the values that differ put in afterwards:

- the footer, once per kind and language in a batch (only the unsubscribe address differs);
- the subject and bodies of an email sent to several recipients from the same context, once per
  language and time zone (only their names and unsubscribe addresses differ), as long as the
  templates ask the recipient for nothing but `get_short_name`.

The stand-ins are private-use characters, which no translation, escaping or case filter makes.
One left over after the values are put in means a filter changed it: that email is then rendered
whole, as it would have been anyway. The values go into HTML escaped, as autoescape would.
"""

from __future__ import annotations

import zoneinfo
from typing import NoReturn

from django.conf import settings
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation
from django.utils.html import escape

from accounts.outbox.kinds import KINDS

Rendered = tuple[str, str, str]  # subject, text body, HTML body
FooterCache = dict[tuple[str, str, str, str], tuple[str, str]]

_MARK = "\ue000"
_NAME = f"{_MARK}name{_MARK}"
_UNSUBSCRIBE = f"{_MARK}unsubscribe{_MARK}"


class NotShareable(Exception):
    """A template asked the stand-in recipient for more than their name. Not an AttributeError,
    which the template engine would swallow and render as an empty string."""


class _AnyRecipient:
    """Stands in for each recipient of a shared rendering."""

    def get_short_name(self) -> str:
        return _NAME

    def __getattr__(self, name: str) -> NoReturn:
        raise NotShareable(name)

    def __str__(self) -> str:
        raise NotShareable("__str__")


def _render_plain(name: str, context: dict[str, object]) -> str:
    # Plain text is not HTML: "O'Brien" must arrive as typed, not as O&#x27;Brien.
    return get_template(name).template.render(Context(context, autoescape=False))


def render(
    kind: str, context: dict[str, object], *, time_zone: zoneinfo.ZoneInfo, language: str
) -> Rendered:
    """The kind's subject, text body and HTML body, without the footer."""
    with timezone.override(time_zone), translation.override(language):
        return (
            _render_plain(f"emails/{kind}-subject.txt", context),
            _render_plain(f"emails/{kind}-body.txt", context),
            render_to_string(f"emails/{kind}-body.html", context),
        )


def render_shared(
    kind: str, context: dict[str, object], *, time_zone: zoneinfo.ZoneInfo, language: str
) -> Rendered | None:
    """`render` for any recipient of this context, with stand-ins for their name and unsubscribe
    address (see `personalise`); None when the templates ask the recipient for more."""
    shared = {**context, "recipient": _AnyRecipient()}
    if shared.get("unsubscribe_url") is not None:
        shared["unsubscribe_url"] = _UNSUBSCRIBE
    try:
        return render(kind, shared, time_zone=time_zone, language=language)
    except NotShareable:
        return None


def personalise(rendered: Rendered, *, name: str, unsubscribe_url: str | None) -> Rendered | None:
    """A shared rendering with this recipient's name and unsubscribe address put in; None if a
    stand-in was changed on the way (render that email whole)."""
    subject, text, html = rendered
    subject, text = subject.replace(_NAME, name), text.replace(_NAME, name)
    html = html.replace(_NAME, escape(name))
    if unsubscribe_url is not None:
        subject = subject.replace(_UNSUBSCRIBE, unsubscribe_url)
        text = text.replace(_UNSUBSCRIBE, unsubscribe_url)
        html = html.replace(_UNSUBSCRIBE, escape(unsubscribe_url))
    if _MARK in subject or _MARK in text or _MARK in html:
        return None
    return subject, text, html


def _footers(
    kind: str, language: str, *, preferences_url: str | None, cache: FooterCache
) -> tuple[str, str]:
    key = (kind, language, settings.SITE_URL, preferences_url or "")
    if key not in cache:
        context: dict[str, object] = {
            "site_url": settings.SITE_URL,
            "kind_label": KINDS[kind][0],
            "preferences_url": preferences_url,
            "unsubscribe_url": _UNSUBSCRIBE if preferences_url is not None else None,
        }
        with translation.override(language):
            cache[key] = (
                _render_plain("emails/_footer.txt", context),
                render_to_string("emails/_footer.html", context),
            )
    return cache[key]


def finish(
    rendered: Rendered,
    *,
    kind: str,
    language: str,
    unsubscribe_url: str | None,
    preferences_url: str | None,
    footers: FooterCache,
) -> Rendered:
    """The email as sent: the subject on one line, and the footer (from `footers`, rendered
    there once per kind and language) under both bodies."""
    subject, text, html = rendered
    footer, footer_html = _footers(kind, language, preferences_url=preferences_url, cache=footers)
    if unsubscribe_url is not None:
        footer = footer.replace(_UNSUBSCRIBE, unsubscribe_url)
        footer_html = footer_html.replace(_UNSUBSCRIBE, escape(unsubscribe_url))
    html = (
        html.replace("</body>", footer_html + "</body>")
        if "</body>" in html
        else html + footer_html
    )
    return " ".join(subject.split()), text.rstrip() + "\n\n" + footer, html
