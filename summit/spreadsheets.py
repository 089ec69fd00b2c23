"""CSV for spreadsheet programs: cells that never run as formulas (CSV injection: names and texts are typed by
people), and a download with the byte-order mark that makes them read accents right."""

import csv
from collections.abc import Iterable

from django.http import HttpResponse
from django.utils import timezone


def spreadsheet_safe(value):
    """A cell a spreadsheet will not run as a formula: text starting with =, +, -, @, a tab or a return is quoted."""
    return f"'{value}" if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def csv_download(name: str, header: list[str], rows: Iterable[Iterable]) -> HttpResponse:
    """A CSV file to download as `<name>-<today>.csv`, every cell made safe."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}-{timezone.localdate():%Y-%m-%d}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows([spreadsheet_safe(value) for value in row] for row in rows)
    return response
