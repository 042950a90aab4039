"""A light Azerbaijani stemmer for search: the rules live here and nowhere else.

``stems(word)`` maps a *folded* word (``nap_portal.text.fold``: lower case, no diacritics)
to search keys shared by its inflected forms: "korrupsiyaya", "korrupsiyanin" and
"korrupsiya" all give "korrups"; "seffafligin" and "seffafliq" give "seffafliq";
"mehkemelerinde" and "mehkeme" give "mehkem". The key is not a dictionary word; it only has
to be the same for every form of one word, at index time and at query time, on both
databases (the index is built in Python: ``plans.search.index_text``).

How: inflectional suffixes (case, plural, possessive, "-dakı") are stripped from
the right, longest first, again and again until none applies (where a buffer consonant n or
s may also end the word itself — "plan-ı-nın" beside "korrupsiya-nın" — both readings are
followed, and the word has two keys), so that a dictionary form and
any of its inflections reach the same fixed point ("məhkəmə" loses its final vowel exactly as
"məhkəmə-yə" loses "yə" and then "ə"). Each suffix is listed in its folded spellings (vowel
harmony makes "ın/in/un/ün" → "in/un") with the context it follows: a vowel (the buffer
consonants y, n, s of "korrupsiya-ya", "-nın", "-sı") or a consonant. When a vowel-initial
suffix goes, the consonant alternations are undone: ğ → q ("şəffaflığ-ın" → "şəffaflıq";
folded, ğ is g) and, before a front vowel, y → k ("nazirliy-i" → "nazirlik"), in words of
more than one syllable ("bağı" keeps its g). At least three letters with a vowel remain.

Why not snowballstemmer's Turkish stemmer (PyPI, the nearest language it has): it knows
neither "ə" nor "q"/"x", needs the diacritics for vowel harmony (a query typed as
"seffafligin" is left alone), and maps one Azerbaijani word to several stems ("korrupsiya" →
"korrupsi" but "korrupsiyaya" → "korrupsiya"; "nazirliyi" → "nazirli" but "nazirliyinin" →
"nazirliy"). Word forms must meet in one key, so the table below, tested on real words of
the seed documents (tests/test_stemming.py), serves better.
"""

import re
from functools import lru_cache

VOWELS = frozenset("aeiou")  # folded: ə→e, ı→i, ö→o, ü→u

# The suffixes by what they follow: "V" a vowel (with a buffer y, n or s: "korrupsiya-ya",
# "-nın", "-sı", "sahəsi-ndə"), "C" a consonant, "" either. Folded, so "ın/in/un/ün" → in, un.
_SUFFIX_TABLE = {
    "V": "nin nun ya ye na ne ni nu si su nda nde ndan nden ndaki ndeki yla yle miz muz",
    "C": "in un a e i u imiz umuz",
    # locative, ablative, "-dakı", instrumental "ilə", plural. Not the predicate "-dır": it
    # ends nouns too ("prosedur" would meet "proses"), and a prefix finds "nəticəsidir".
    "": "da de dan den daki deki la le lar ler",
}
_SUFFIXES = [(suffix, follows) for follows, row in _SUFFIX_TABLE.items() for suffix in row.split()]
_BY_LENGTH = sorted(_SUFFIXES, key=lambda rule: len(rule[0]), reverse=True)
_FRONT = frozenset("eiou")  # folded front vowels (i, o, u also stand for ı, o, u: see y → k)
MIN_STEM = 3
_BUFFERS = frozenset("ns")
_MAX_STEPS = 8


def _syllables(text: str) -> int:
    return sum(char in VOWELS for char in text)


def _alternate(rest: str, suffix: str) -> str:
    """Undo q/ğ and k/y before the vowel of ``suffix`` that followed ``rest``."""
    if suffix[0] not in VOWELS or len(rest) < 3 or _syllables(rest) < 2:
        return rest
    last, before = rest[-1], rest[-2]
    if last == "g" and before in VOWELS:
        return rest[:-1] + "q"
    # k → y happens in front-vowel words only; folded "a" is surely back, so "korrupsiya"
    # keeps its y while "nazirliyi", "effektivliyin" go back to "-lik".
    if last == "y" and before in _FRONT and suffix[0] in _FRONT:
        return rest[:-1] + "k"
    return rest


# "-lik/-lük" before a vowel: "nazirliyə" is "nazirlik" + "ə", not "nazirli" + "yə".
_LIK = re.compile(r"(?<=l[iu])y[eiu]$")


def _strips(word: str) -> list[str]:
    """The words left by stripping one suffix: the longest that applies and, when it begins
    with a buffer consonant (n, s), also the next one, since the buffer may belong to the
    word ("plan-ı-nın" and "korrupsiya-nın" both end in "-ının"/"-anın")."""
    if _LIK.search(word) and _syllables(word) > 2:
        return [word[:-2] + "k"]
    found: list[str] = []
    for suffix, follows in _BY_LENGTH:
        if not word.endswith(suffix):
            continue
        rest = word[: -len(suffix)]
        if len(rest) < MIN_STEM or not _syllables(rest):
            continue
        after_vowel = rest[-1] in VOWELS
        if (follows == "V" and not after_vowel) or (follows == "C" and after_vowel):
            continue
        found.append(_alternate(rest, suffix))
        if suffix[0] not in _BUFFERS or len(found) == 2:
            break
    return found


@lru_cache(maxsize=65536)
def stems(word: str) -> frozenset[str]:
    """The search keys of a folded word: its inflectional suffixes stripped, alternations
    undone; usually one, two where a buffer consonant may belong to the word.

    Words with digits and words of fewer than four letters are their own key.
    """
    if len(word) <= MIN_STEM or not word.isalpha():
        return frozenset([word])
    keys: set[str] = set()
    todo, seen = [(word, 0)], set()
    while todo:
        current, depth = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        shorter = _strips(current) if depth < _MAX_STEPS else []
        if not shorter:
            keys.add(current)
        todo.extend((rest, depth + 1) for rest in shorter)
    return frozenset(keys)
