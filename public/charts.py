"""Geometry for the status pictures: a status bar per plan, stacked bars per priority.

The pictures are plain SVG drawn by templates; the numbers always come with them as text, so
colour never carries a status alone.
"""

from collections import Counter

from django.utils.translation import gettext_lazy as _

from plans.status import BUCKETS, bucket, says_something

BAR_WIDTH = 100  # the SVG bars are drawn in percent of the view box's width


def status_bar(counts: Counter) -> dict:
    """Segments of one bar: each bucket's count, share and x offset (in percent)."""
    total = sum(counts.values())
    segments, x = [], 0.0
    for key, label in BUCKETS:
        count = counts.get(key, 0)
        if not count:
            continue
        width = BAR_WIDTH * count / total
        segments.append({"key": key, "label": label, "count": count, "x": x, "width": width})
        x += width
    return {"total": total, "segments": segments}


def priority_chart(priorities, summary) -> dict:
    """Rows of (priority, bar) from ``summary`` rows of (priority id, status, overdue)."""
    by_priority: dict[int, Counter] = {}
    for priority_id, status, overdue in summary:
        by_priority.setdefault(priority_id, Counter())[bucket(status, overdue)] += 1
    rows = [
        {"priority": p, "bar": status_bar(by_priority[p.pk]), "counts": by_priority[p.pk]}
        for p in priorities
        if p.pk in by_priority
    ]
    totals = Counter()
    for row in rows:
        totals.update(row["counts"])
    used = [(key, label) for key, label in BUCKETS if totals.get(key)]
    for row in rows:
        row["cells"] = [row["counts"].get(key, 0) for key, _label in used]
    return {
        "rows": rows,
        "says_something": says_something(key for key, _label in used),
        "bar": status_bar(totals),
        "buckets": used,
        "totals": [totals.get(key, 0) for key, _label in used],
        "total": sum(totals.values()),
        "height": 28 * len(rows),
    }


# Parts of the reports an obligation expects, in the order the coverage bar shows them.
COVERAGE_PARTS = [
    ("on_time", _("Handed in on time")),
    ("late", _("Handed in late")),
    ("missing", _("Missing")),
    ("not_yet_due", _("Not yet due")),
]


def coverage_bar(record) -> dict | None:
    """Segments of the reporting coverage of a ``reports.obligations.Record``: the expected
    reports split into on time, late, missing and not yet due (the record's own numbers);
    None when nothing was expected."""
    if record is None or not record.expected:
        return None
    counts = {
        "on_time": record.on_time,
        "late": record.late,
        "missing": record.missing,
        "not_yet_due": record.not_yet_due,
    }
    segments, x = [], 0.0
    for key, label in COVERAGE_PARTS:
        count = counts[key]
        if count <= 0:
            continue
        width = BAR_WIDTH * count / record.expected
        segments.append({"key": key, "label": label, "count": count, "x": x, "width": width})
        x += width
    return {
        "total": record.expected,
        "handed_in": record.handed_in,
        "on_time": record.on_time,
        "share": record.handed_in_share,
        "segments": segments,
    }
