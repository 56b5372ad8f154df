"""Every main page at 390 px wide (a phone), in a real Chromium, on the demo business: the
navigation is a "☰ Menu" that works without JavaScript and offers only what the role may
open, no page scrolls sideways, and what one taps is at least 40 px tall."""

from __future__ import annotations

import re
from typing import Any

import pytest

from followthrough.core.timeutil import utcnow
from followthrough.demo.loader import load_demo
from tests.browser.test_today_layout import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
PAGES = [
    "/",
    "/?all=1",
    "/contacts/",
    "/contacts/new/",
    "/contacts/import/",
    "/orders/",
    "/orders/new/",
    "/plans/",
    "/plans/stay-in-touch/",
    "/composer/",
    "/mail/",
    "/mail/mailboxes/new/",
    "/mail/triage/",
    "/mail/import/",
    "/promises/",
    "/promises/new/",
    "/lost/",
    "/me/",
]
MANAGER_PAGES = ["/reports/", "/team/", "/team/add/", "/composer/held/"]
# One detail page of each kind, found from its list.
DETAILS = {
    "/contacts/": r"^/contacts/[a-z0-9]+/$",
    "/orders/": r"^/orders/[a-z0-9]+/$",
    "/plans/": r"^/plans/[a-z0-9]+/$",
    "/promises/": r"^/promises/[a-z0-9]+/$",
}
TAPPABLE = (
    "button, .btn, select, summary, "
    "input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=file])"
)


def _phone(browser: Any) -> Any:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def _details(page: Any, base: str) -> list[str]:
    found = []
    for listing, pattern in DETAILS.items():
        page.goto(f"{base}{listing}")
        hrefs = page.eval_on_selector_all("main a[href]", "els => els.map(e => e.pathname)")
        found += [h for h in hrefs if re.match(pattern, h) and h.split("/")[2] not in ("new",)][:1]
    return found


def _check_page(page: Any, base: str, path: str) -> None:
    response = page.goto(f"{base}{path}")
    assert response.status == 200, path
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{path} is {width} px wide at {PHONE['width']} px"
    small = page.evaluate(
        """sel => [...document.querySelectorAll(sel)].filter(e => {
              const r = e.getBoundingClientRect();
              return r.width > 0 && r.height > 0 && r.height < 40;
           }).map(e => e.outerHTML.slice(0, 80))""",
        TAPPABLE,
    )
    assert small == [], f"{path}: tap targets under 40 px: {small[:3]}"


def _menu_links(page: Any) -> list[str]:
    page.locator("summary.nav-toggle").click()
    menu = page.get_by_role("navigation", name="Menu")
    assert menu.is_visible()
    return [t.strip() for t in menu.get_by_role("link").all_inner_texts()]


def test_every_page_fits_a_phone_and_the_menu_follows_the_role(live_server, browser):
    demo = load_demo(now=utcnow())
    base = live_server.url

    context, page = _phone(browser)
    sign_in(page, base, demo.manager_email, demo.password)
    assert not page.get_by_role("navigation", name="Main").is_visible()
    links = _menu_links(page)
    assert links[:8] == [
        "Today",
        "Contacts",
        "Orders",
        "Follow-ups",
        "Messages",
        "Mail",
        "Reports",
        "Team",
    ]
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Contacts").click()
    page.wait_for_url(f"{base}/contacts/")
    for path in PAGES + MANAGER_PAGES + _details(page, base):
        _check_page(page, base, path)
    context.close()

    context, page = _phone(browser)
    sign_in(page, base, demo.rep_email, demo.password)
    links = _menu_links(page)
    assert "Reports" not in links
    assert "Team" not in links
    assert "Contacts" in links
    for path in PAGES + _details(page, base):
        _check_page(page, base, path)
    page.goto(f"{base}/")
    _menu_links(page)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r".*/login/.*"))
    context.close()


def test_the_menu_opens_without_javascript(live_server, browser):
    demo = load_demo(now=utcnow())
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, live_server.url, demo.rep_email, demo.password)
    assert "Orders" in _menu_links(page)
    context.close()
