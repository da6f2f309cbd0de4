"""CSV downloads: one response builder, every cell made safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse


def csv_response(filename: str, rows: Iterable[Iterable[Any]]) -> HttpResponse:
    """A CSV download; text a spreadsheet would run as a formula is neutralised to stay text.
    Every text cell is quoted, so a separator inside it stays inside it."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response, quoting=csv.QUOTE_NONNUMERIC)
    for row in rows:
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    return response


_FORMULA = ("=", "+", "-", "@")


# A spreadsheet may split a cell at any list separator (";" in much of Europe, "," or a tab),
# or at a line break when it ignores quotes; no piece it makes may start a formula.
_PIECE = re.compile(r"(?<=[;,\t\r\n])")


def spreadsheet_safe(cell: Any) -> Any:
    """Text that starts a formula (or a tab or CR), or that has a piece after a separator that
    starts one, gets an apostrophe in front, and one before each such piece. Other values pass
    through unchanged."""
    if not isinstance(cell, str):
        return cell
    first, *rest = _PIECE.split(cell)
    risky = [piece.lstrip(" ")[:1] in _FORMULA for piece in rest]
    if cell[:1] not in ("\t", "\r") and first.lstrip(" ")[:1] not in _FORMULA and not any(risky):
        return cell
    return "'" + first + "".join("'" + p if r else p for p, r in zip(rest, risky, strict=True))
