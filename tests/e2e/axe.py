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


def accessibility_problems(page: Page) -> str:
    """What axe finds on the page as it is now, in words; empty when it finds nothing."""
    violations = axe_violations(page)
    if not violations:
        return ""
    return f"{len(violations)} accessibility violations on {page.url}:\n{describe(violations)}"


def assert_accessible(page: Page) -> None:
    problems = accessibility_problems(page)
    assert not problems, problems
