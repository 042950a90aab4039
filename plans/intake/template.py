"""The plan template's columns: Azerbaijani and English headers, both accepted on import.

One row per priority, measure or sub-item. The first header of each column is the one the
portal writes (Azerbaijani), the second its English name; the rest are other spellings that
the import also accepts. Headers are compared folded (case, quotes and spacing ignored).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from nap_portal.text import name_key


@dataclass(frozen=True)
class Column:
    key: str
    az: str
    en: str
    help: str
    aliases: tuple[str, ...] = ()


COLUMNS: tuple[Column, ...] = (
    Column(
        "number",
        "Nömrə",
        "Number",
        _('"4" a priority, "4.1" a measure, "4.1.3" (any depth) a sub-item.'),
        ("№", "Nº", "No", "N", "Bənd", "Item"),
    ),
    Column(
        "parent",
        "Üst bənd",
        "Parent",
        _("Optional: the number of the row this one belongs to, instead of the number's prefix."),
        ("Parent number", "Üst bəndin nömrəsi"),
    ),
    Column(
        "code", "Kod", "Code", _('Optional stable code, e.g. "C01.1"; matched first on re-import.')
    ),
    Column(
        "title",
        "Ad",
        "Title",
        _("The text of the priority, measure or sub-item."),
        ("Başlıq", "Tədbir", "Tədbirin adı", "Measure", "Commitment", "Milestone"),
    ),
    Column("title_en", "Ad (ingiliscə)", "Title (English)", _("Optional."), ("title_en",)),
    Column("title_ru", "Ad (rusca)", "Title (Russian)", _("Optional."), ("title_ru",)),
    Column(
        "indicator",
        "Göstərici",
        "Indicator",
        _("One indicator a line; several lines for several indicators."),
        ("Göstəricilər", "Qiymətləndirmə indikatoru", "İcra göstəricisi", "Indicators"),
    ),
    Column("indicator_en", "Göstərici (ingiliscə)", "Indicator (English)", _("Line by line.")),
    Column("indicator_ru", "Göstərici (rusca)", "Indicator (Russian)", _("Line by line.")),
    Column("unit", "Ölçü vahidi", "Unit", _("Line by line with the indicators.")),
    Column("baseline", "Başlanğıc dəyər", "Baseline", _("A number; line by line.")),
    Column("baseline_year", "Başlanğıc ili", "Baseline year", _("A year; line by line.")),
    Column(
        "targets",
        "Hədəflər",
        "Targets",
        _('"2023: 10; 2024: 20"; line by line with the indicators.'),
        ("Hədəf", "Target"),
    ),
    Column(
        "executors",
        "İcraçılar",
        "Executors",
        _('As written, with role words ("İcraçı:", "Tövsiyə edilir:"); kept verbatim.'),
        ("İcraçı", "İcraçı orqanlar", "Executor", "Responsible"),
    ),
    Column(
        "main",
        "Əsas icraçı",
        "Main executors",
        _("Optional, one name a line; with these columns roles come from them."),
        ("Əsas icraçılar", "Lead body", "Lead bodies", "Main executor"),
    ),
    Column(
        "co",
        "Digər icraçılar",
        "Other executors",
        _("Optional, one name a line."),
        ("Digər icraçı", "Supporting bodies", "Other executor"),
    ),
    Column(
        "recommended",
        "Tövsiyə edilir",
        "Recommended",
        _("Optional, one name a line."),
        ("Recommended executors",),
    ),
    Column(
        "deadline",
        "İcra müddəti",
        "Deadline",
        _('As written: "2022-2024", "IV rüb 2021", "Q4 2023", "By fall 2022", "hər il", "daimi".'),
        ("Müddət", "İcra müddəti (il)", "Period", "Due"),
    ),
    Column(
        "start_year",
        "Başlama ili",
        "Start year",
        _("Optional: the first year when the deadline names none (ongoing, annual, unknown)."),
    ),
    Column(
        "end_year",
        "Bitmə ili",
        "End year",
        _("Optional: the last year when the deadline names none."),
    ),
)

ROLE_COLUMNS = {"main": "main", "co": "co", "recommended": "recommended"}
REQUIRED = ("number", "title")
BY_KEY = {column.key: column for column in COLUMNS}
HEADERS: dict[str, str] = {}
for _column in COLUMNS:
    for _name in (_column.az, _column.en, _column.key, *_column.aliases):
        HEADERS[name_key(_name)] = _column.key

EXAMPLE = {
    "number": "1.1",
    "code": "C01.1",
    "title": "Açıq məlumatlar portalının yaradılması",
    "title_en": "Creation of an open data portal",
    "indicator": "Dərc olunmuş məlumat dəstlərinin sayı\nPortal istifadəyə verilib",
    "unit": "ədəd",
    "baseline": "0",
    "baseline_year": "2021",
    "targets": "2023: 50; 2024: 100",
    "executors": (
        "İcraçı: Rəqəmsal İnkişaf və Nəqliyyat Nazirliyi\n"
        "Tövsiyə edilir: vətəndaş cəmiyyəti institutları"
    ),
    "deadline": "IV rüb 2023",
}
PRIORITY_EXAMPLE = {
    "number": "1",
    "code": "C01",
    "title": "Şəffaflığın artırılması",
    "title_en": "More transparency",
}


def column_key(header: str) -> str | None:
    """The column a header names, or None when the template has no such column."""
    return HEADERS.get(name_key(header))


def header_row() -> list[str]:
    return [column.az for column in COLUMNS]
