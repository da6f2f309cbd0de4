"""axe-core in the page: zero violations of the WCAG 2.1 A and AA rules."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
_axe = Axe()


def axe_violations(page: Page) -> list[dict]:
    options = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}
    return _axe.run(page, options=options).response["violations"]


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"  - {target}")
            summary = node.get("failureSummary", "").replace("\n", "\n      ")
            if summary:
                lines.append(f"      {summary}")
    return "\n".join(lines)


def duplicate_ids(page: Page) -> list[str]:
    """Ids used more than once. axe no longer reports them (WCAG 2.2 made 4.1.1 obsolete), but a
    label's `for`, or an error summary's link, then finds only the first of the fields."""
    return page.evaluate(
        """() => {
            const seen = new Map();
            document.querySelectorAll("[id]").forEach(el => seen.set(el.id, (seen.get(el.id) || 0) + 1));
            return [...seen].filter(([, n]) => n > 1).map(([id, n]) => `${id} (${n} times)`);
        }"""
    )


def accessibility_problems(page: Page) -> str:
    """What axe finds on the page as it is now, in words; empty when it finds nothing."""
    violations = axe_violations(page)
    duplicates = duplicate_ids(page)
    if not violations and not duplicates:
        return ""
    found = []
    if violations:
        found.append(f"{len(violations)} accessibility violations on {page.url}:")
        found.append(describe(violations))
    if duplicates:
        found.append(f"ids used more than once on {page.url}: {', '.join(duplicates)}")
    return "\n".join(found)


def assert_accessible(page: Page) -> None:
    problems = accessibility_problems(page)
    assert not problems, problems
