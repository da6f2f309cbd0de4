"""No page scrolls sideways on a small phone: at 320 and 375 px wide, every page a visitor,
member or coordinator sees (the pages of the accessibility sweep, and the admin pages
coordinators use most) is no wider than the window."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests import factories
from tests.e2e.steps import labelled
from tests.e2e.test_e2e_axe_pages import (
    ADMIN_PAGES,
    PAGES,
    World,
    become,
    build_world,
    sign_in_with_2fa,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WIDTHS = (320, 375)
ORDER = ["visitor", "mentee", "waiting", "mentor", "coordinator", "coordinator_2fa"]
# The element sticking out furthest to the right (outside any box that scrolls on its own), to
# name in the failure.
WIDEST = """() => {
  const width = window.innerWidth;
  const clipped = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== 'visible') return true;
    }
    return false;
  };
  let worst = null, right = width;
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect().right;
    if (r > right && !clipped(el)) { right = r; worst = el; }
  }
  return worst ? `${worst.tagName.toLowerCase()}.${worst.className} reaches ${Math.round(right)}px` : '';
}"""


def too_wide(page: Page, name: str, width: int) -> str:
    """What sticks out of the window, or nothing when the page does not scroll sideways."""
    scroll = page.evaluate("document.documentElement.scrollWidth")
    inner = page.evaluate("window.innerWidth")
    if scroll <= inner:
        return ""
    return f"{name} at {width}px is {scroll}px wide: {page.evaluate(WIDEST)}"


def visit(page: Page, live_server_url: str, world: World, name: str) -> None:
    entry = PAGES[name]
    path = reverse(name, args=entry.args(world))
    response = page.goto(live_server_url + path)
    assert response and response.ok, f"{name} ({path}) answered {response and response.status}"
    if entry.reauthenticate and page.get_by_role("heading", level=1, name="Confirm Access").count():
        labelled(page, "Password").fill(factories.PASSWORD)
        page.get_by_role("button", name="Confirm").click()
        expect(page).to_have_url(live_server_url + path)
    landed = urlparse(page.url).path
    assert entry.redirects or landed == path, f"{name} ({path}) sent {entry.who} to {landed}"


def test_no_page_scrolls_sideways_at_320_or_375_pixels(page, live_server):
    world = build_world()
    assert set(ORDER) >= {entry.who for entry in PAGES.values()}
    found = []
    for who in ORDER:
        if who == "coordinator_2fa":
            sign_in_with_2fa(page, live_server.url, world)
        else:
            become(page, live_server.url, world.people.get(who))
        for name, entry in PAGES.items():
            if entry.who != who or entry.at_sign_in:
                continue
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 800})
                visit(page, live_server.url, world, name)
                found.append(too_wide(page, name, width))
        if who == "coordinator_2fa":
            for name, args in ADMIN_PAGES.items():
                for width in WIDTHS:
                    page.set_viewport_size({"width": width, "height": 800})
                    response = page.goto(live_server.url + reverse(name, args=args(world)))
                    assert response and response.ok, f"{name} answered {response.status}"
                    found.append(too_wide(page, name, width))
    problems = "\n".join(problem for problem in found if problem)
    assert not problems, problems
