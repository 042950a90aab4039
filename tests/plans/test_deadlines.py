"""The deadline parser: what the portal reads from a deadline as written (plans.deadlines)."""

import pytest

from plans.deadlines import Deadline, read_deadline
from plans.models import DeadlineKind as K

CASES = [
    ("2022-2024", Deadline(K.YEARS, 2022, 2024)),
    ("2022–2026-cı illər", Deadline(K.YEARS, 2022, 2026)),
    ("2020 – 2022-ci illər", Deadline(K.YEARS, 2020, 2022)),
    ("2021─2022", Deadline(K.YEARS, 2021, 2022)),
    ("2023", Deadline(K.YEARS, 2023, 2023)),
    ("2023-cü il", Deadline(K.YEARS, 2023, 2023)),
    ("2022-ci ilədək", Deadline(K.YEARS, 2022, 2022)),
    ("Q4 2023", Deadline(K.QUARTER, 2023, 2023, 4)),
    ("2024 Q1", Deadline(K.QUARTER, 2024, 2024, 1)),
    ("IV rüb 2021", Deadline(K.QUARTER, 2021, 2021, 4)),
    ("2021-ci ilin IV rübü", Deadline(K.QUARTER, 2021, 2021, 4)),
    ("2022-ci ilin II rübü", Deadline(K.QUARTER, 2022, 2022, 2)),
    ("2023-cü ilin 3-cü rübü", Deadline(K.QUARTER, 2023, 2023, 3)),
    ("Fourth quarter of 2023", Deadline(K.QUARTER, 2023, 2023, 4)),
    ("3rd quarter 2022", Deadline(K.QUARTER, 2022, 2022, 3)),
    ("December 2022", Deadline(K.MONTH, 2022, 2022, 12)),
    ("By June 2023", Deadline(K.MONTH, 2023, 2023, 6)),
    ("2022-ci ilin dekabr ayı", Deadline(K.MONTH, 2022, 2022, 12)),
    ("2021-ci ilin mart ayınadək", Deadline(K.MONTH, 2021, 2021, 3)),
    ("By fall 2022", Deadline(K.SEASON, 2022, 2022, 4)),
    ("Spring 2021", Deadline(K.SEASON, 2021, 2021, 2)),
    ("2022-ci ilin payızı", Deadline(K.SEASON, 2022, 2022, 4)),
    ("Annually", Deadline(K.ANNUAL)),
    ("hər il", Deadline(K.ANNUAL)),
    ("Hər il", Deadline(K.ANNUAL)),
    ("Ongoing", Deadline(K.ONGOING)),
    ("daimi", Deadline(K.ONGOING)),
    ("Mütəmadi", Deadline(K.ONGOING)),
    ("Mütəmadi olaraq", Deadline(K.ONGOING)),
    # Anything not read completely is unknown: kept as written, never guessed.
    ("", Deadline(K.UNKNOWN)),
    ("After the law is adopted", Deadline(K.UNKNOWN)),
    ("2024-2022", Deadline(K.UNKNOWN)),
    ("Q5 2023", Deadline(K.UNKNOWN)),
    ("Blursday 2023", Deadline(K.UNKNOWN)),
    ("2022-ci ilin birinci yarısı", Deadline(K.UNKNOWN)),
    ("12.05.2023", Deadline(K.UNKNOWN)),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[case[0] or "empty" for case in CASES])
def test_read_deadline(text, expected):
    assert read_deadline(text) == expected
