"""Page-break artefacts of PDF text: a word split across a line with a hyphen ("bağ-" at the
end of one paragraph, "lanaraq, …" at the start of the next) is one word again."""

import re

# A line ending in letters and a hyphen, the next starting with a lower-case letter.
_SPLIT_END = re.compile(r"(?<=[^\W\d_])-$")
# First halves that keep their hyphen: the word is hyphenated anyway ("qeyri-hökumət").
HYPHENATED_PREFIXES = frozenset({"qeyri", "sosial", "informasiya", "elmi", "hüquqi"})


def join_split_words(paragraphs: list[str]) -> list[str]:
    """``paragraphs`` (non-empty, stripped lines) with each word split by a line break joined:
    "… elektron formada bağ-" + "lanaraq, ödənişlər …" → "… elektron formada bağlanaraq, …"."""
    joined: list[str] = []
    for paragraph in paragraphs:
        previous = joined[-1] if joined else ""
        if previous and _SPLIT_END.search(previous) and paragraph[:1].islower():
            first_half = previous[:-1].rsplit(maxsplit=1)[-1]
            hyphen = "-" if first_half.lower() in HYPHENATED_PREFIXES else ""
            joined[-1] = previous[:-1] + hyphen + paragraph
        else:
            joined.append(paragraph)
    return joined
