"""What the portal reads from a deadline as written: the one parser of deadline cells.

A plan writes its deadlines in many ways ("2022-2024", "2022–2026-cı illər", "IV rüb 2021",
"Q4 2023", "By fall 2022", "hər il", "Ongoing"). ``read_deadline`` turns the text into a
``DeadlineKind`` with the years and the part of the year it names; anything it does not
recognise completely is ``UNKNOWN``, with no years: the text is kept as written, never guessed.

Parts: a quarter 1-4, a month 1-12, a season 1-4 (winter, spring, summer, autumn), always of
the end year.
"""

import re
from dataclasses import dataclass

from nap_portal.text import az_lower

from .models import DeadlineKind


@dataclass(frozen=True)
class Deadline:
    kind: str
    start_year: int | None = None
    end_year: int | None = None
    part: int | None = None

    @property
    def has_years(self) -> bool:
        return self.start_year is not None


ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
MONTHS = {
    # Azerbaijani, English (full and short), Russian (nominative and genitive)
    **dict.fromkeys(("yanvar", "january", "jan", "январь", "января"), 1),
    **dict.fromkeys(("fevral", "february", "feb", "февраль", "февраля"), 2),
    **dict.fromkeys(("mart", "march", "mar", "март", "марта"), 3),
    **dict.fromkeys(("aprel", "april", "apr", "апрель", "апреля"), 4),
    **dict.fromkeys(("may", "май", "мая"), 5),
    **dict.fromkeys(("iyun", "june", "jun", "июнь", "июня"), 6),
    **dict.fromkeys(("iyul", "july", "jul", "июль", "июля"), 7),
    **dict.fromkeys(("avqust", "august", "aug", "август", "августа"), 8),
    **dict.fromkeys(("sentyabr", "september", "sep", "sept", "сентябрь", "сентября"), 9),
    **dict.fromkeys(("oktyabr", "october", "oct", "октябрь", "октября"), 10),
    **dict.fromkeys(("noyabr", "november", "nov", "ноябрь", "ноября"), 11),
    **dict.fromkeys(("dekabr", "december", "dec", "декабрь", "декабря"), 12),
}
SEASONS = {
    **dict.fromkeys(("winter", "qış", "qışı", "зима", "зимы"), 1),
    **dict.fromkeys(("spring", "yaz", "yazı", "весна", "весны"), 2),
    **dict.fromkeys(("summer", "yay", "yayı", "лето", "лета"), 3),
    **dict.fromkeys(("fall", "autumn", "payız", "payızı", "осень", "осени"), 4),
}
ONGOING_WORDS = {
    "ongoing",
    "continuous",
    "continuously",
    "permanent",
    "daimi",
    "mütəmadi",
    "davamlı",
    "daim",
    "mütəmadi olaraq",
    "daimi olaraq",
    "постоянно",
}
ANNUAL_WORDS = {
    "annually",
    "annual",
    "every year",
    "yearly",
    "hər il",
    "hər il ərzində",
    "illik",
    "ежегодно",
}

_YEAR = r"(?P<year>(?:19|20)\d\d)"
# Azerbaijani year suffixes: "2022-ci il", "2023-cü ilin", "2026-cı illər", with or without dash.
_AZ_SUFFIX = r"(?:\s*-?\s*(?:ci|cı|cu|cü|ncı|nci|ncu|ncü|ıncı|inci|uncu|üncü))?"
_YEAR_WORD = (
    r"(?:\s*(?:il|illər|illərdə|ildə|ilin|ilədək|ilə\s+qədər|year|years|г\.?|гг\.?|год|годы))?"
)
_DASH = r"\s*[-–—─]\s*"
# Words that only say "by" or "until": they do not change what the text names.
_BY = re.compile(
    r"^(?:by(?:\s+the)?(?:\s+end\s+of)?|until|till|to|no\s+later\s+than|до|к)\s+|"
    r"\s+(?:-?(?:dək|dan|qədər|sonunadək|sonuna\s+qədər))$"
)

_PATTERNS: list[tuple[str, re.Pattern]] = [
    (
        "range",
        re.compile(
            r"^(?P<start>(?:19|20)\d\d)"
            + _AZ_SUFFIX
            + _DASH
            + _YEAR
            + _AZ_SUFFIX
            + _YEAR_WORD
            + "$"
        ),
    ),
    ("year", re.compile(r"^" + _YEAR + _AZ_SUFFIX + _YEAR_WORD + "$")),
    # Quarters: "Q4 2023", "2023 Q4", "IV rüb 2021", "2021-ci ilin IV rübü", "4th quarter 2023"
    (
        "quarter",
        re.compile(r"^q(?P<part>[1-4])[\s,]*" + _YEAR + "$"),
    ),
    ("quarter", re.compile(r"^" + _YEAR + r"[\s,]*q(?P<part2>[1-4])$")),
    (
        "quarter",
        re.compile(
            r"^(?P<roman>[iı]v|[iı]{1,3})\s+(?:rüb|rübü|квартал)\s*"
            + _YEAR
            + _AZ_SUFFIX
            + _YEAR_WORD
            + "$"
        ),
    ),
    (
        "quarter",
        re.compile(
            r"^" + _YEAR + _AZ_SUFFIX + _YEAR_WORD + r"\s+(?:(?P<roman>[iı]v|[iı]{1,3})|"
            r"(?P<digit>[1-4])\s*-?\s*(?:cü|cı|ci|cu|ncü|nci|üncü|inci)?)\s+(?:rüb|rübü|rübündə)$"
        ),
    ),
    (
        "quarter",
        re.compile(
            r"^(?:(?P<ordinal>first|second|third|fourth)|(?P<digit>[1-4])(?:st|nd|rd|th))"
            r"\s+quarter(?:\s+of)?\s*,?\s*" + _YEAR + "$"
        ),
    ),
    # Months and seasons: "December 2022", "2022-ci ilin dekabr ayı", "fall 2022", "payız 2022"
    (
        "named",
        re.compile(
            r"^(?P<word>[^\d\s,]+)(?:\s+ayı)?[\s,]+(?:of\s+)?"
            + _YEAR
            + _AZ_SUFFIX
            + _YEAR_WORD
            + "$"
        ),
    ),
    (
        "named",
        re.compile(
            r"^"
            + _YEAR
            + _AZ_SUFFIX
            + _YEAR_WORD
            + r"[\s,]+(?P<word>[^\d\s,]+)(?:\s+(?:ayı|ayında|ayınadək))?$"
        ),
    ),
]
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4}


def _normal(text: str) -> str:
    text = " ".join(az_lower(text).replace("\u00a0", " ").split()).strip(" .;:")
    previous = None
    while previous != text:
        previous = text
        text = _BY.sub("", text).strip(" .;:,")
    return text


def read_deadline(text: str) -> Deadline:
    """The kind, years and part a deadline as written names; UNKNOWN (no years) if unsure."""
    normal = _normal(text or "")
    if not normal:
        return Deadline(DeadlineKind.UNKNOWN)
    if normal in ONGOING_WORDS:
        return Deadline(DeadlineKind.ONGOING)
    if normal in ANNUAL_WORDS:
        return Deadline(DeadlineKind.ANNUAL)
    for name, pattern in _PATTERNS:
        match = pattern.match(normal)
        if not match:
            continue
        groups = match.groupdict()
        year = int(groups["year"])
        if name == "range":
            start = int(groups["start"])
            if start > year:
                return Deadline(DeadlineKind.UNKNOWN)
            return Deadline(DeadlineKind.YEARS, start, year)
        if name == "year":
            return Deadline(DeadlineKind.YEARS, year, year)
        if name == "quarter":
            part = (
                groups.get("part")
                or groups.get("part2")
                or groups.get("digit")
                or ROMAN.get((groups.get("roman") or "").replace("ı", "i"))
                or _ORDINALS.get(groups.get("ordinal") or "")
            )
            return Deadline(DeadlineKind.QUARTER, year, year, int(part))
        word = groups["word"]
        if word in MONTHS:
            return Deadline(DeadlineKind.MONTH, year, year, MONTHS[word])
        if word in SEASONS:
            return Deadline(DeadlineKind.SEASON, year, year, SEASONS[word])
        return Deadline(DeadlineKind.UNKNOWN)
    return Deadline(DeadlineKind.UNKNOWN)
