"""JUnit XML: one testsuite per kata, one testcase per check."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ..models.scorecard import Scorecard

_FAILED = {"failed": "failure", "timeout": "failure", "error": "error"}


def to_junit(cards: list[Scorecard]) -> str:
    suites = ET.Element("testsuites", name="kata")
    for card in cards:
        suite = ET.SubElement(suites, "testsuite", {
            "name": f"{card.kata.id}-{card.kata.slug}",
            "tests": str(len(card.checks)),
            "failures": str(sum(c.status in ("failed", "timeout") for c in card.checks)),
            "errors": str(sum(c.status == "error" for c in card.checks)),
            "skipped": "0",
            "time": f"{card.duration_s:.3f}",
            "timestamp": card.started_at.isoformat(),
        })
        for check in card.checks:
            case = ET.SubElement(suite, "testcase", {
                "classname": f"kata.{card.kata.id}-{card.kata.slug}.{check.category}",
                "name": check.id, "time": f"{check.duration_s:.3f}",
            })
            if check.status != "passed":
                failure = ET.SubElement(case, _FAILED[check.status], {
                    "message": check.message or check.status, "type": check.status})
                failure.text = "\n".join(filter(None, [
                    f"Expected {check.expected}", f"Observed {check.observed}",
                    f"Hint: {check.hint}" if check.hint else None]))
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"
