"""How tall and how wide pages are in a real Chromium, as a member signed in sees them.

    python -m bench.page_sizes --url http://127.0.0.1:8000 --email jess@harborbikes.test \
        [--password harbor-demo-2024] [--widths 1280,390] [--shots DIR] [PATH ...]

Serve the demo first (`followthrough demo`). Prints a markdown table: for each page and
viewport width, the document's height and width (`scrollHeight`, `scrollWidth`) in CSS px,
and the number of items on Today. With `--shots`, saves a full-page screenshot of each.
"""

from __future__ import annotations

import argparse
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--email", required=True)
    parser.add_argument("--password", default="harbor-demo-2024")
    parser.add_argument("--widths", default="1280,390")
    parser.add_argument("--shots", default="")
    parser.add_argument("paths", nargs="*", default=["/"])
    opts = parser.parse_args()
    from playwright.sync_api import sync_playwright

    widths = [int(w) for w in opts.widths.split(",")]
    print("| page | width px | height px | document width px | items |")
    print("|---|---:|---:|---:|---:|")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        for width in widths:
            context = browser.new_context(viewport={"width": width, "height": 900})
            page = context.new_page()
            page.goto(f"{opts.url}/login/")
            page.get_by_label("Email").fill(opts.email)
            page.get_by_label("Password").fill(opts.password)
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_url(f"{opts.url}/")
            for path in opts.paths:
                page.goto(f"{opts.url}{path}")
                size = page.evaluate(
                    "() => [document.documentElement.scrollHeight,"
                    " document.documentElement.scrollWidth,"
                    " document.querySelectorAll('.agenda-item').length]"
                )
                print(f"| `{path}` | {width} | {size[0]:,} | {size[1]:,} | {size[2]} |")
                if opts.shots:
                    name = path.strip("/").replace("/", "_").replace("?", "_") or "today"
                    shot = Path(opts.shots) / f"{name}-{width}.png"
                    page.screenshot(path=str(shot), full_page=True)
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
