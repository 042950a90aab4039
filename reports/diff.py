"""Word-level differences between two texts, for the history and the year-on-year view."""

import difflib
import re
from dataclasses import dataclass

_TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Piece:
    """A run of text that is kept ("equal"), added ("insert") or removed ("delete")."""

    kind: str
    text: str


def word_diff(old: str, new: str) -> list[Piece]:
    old_tokens = _TOKENS.findall(old or "")
    new_tokens = _TOKENS.findall(new or "")
    matcher = difflib.SequenceMatcher(a=old_tokens, b=new_tokens, autojunk=False)
    pieces: list[Piece] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(Piece("equal", "".join(new_tokens[b1:b2])))
            continue
        if op in ("delete", "replace"):
            pieces.append(Piece("delete", "".join(old_tokens[a1:a2])))
        if op in ("insert", "replace"):
            pieces.append(Piece("insert", "".join(new_tokens[b1:b2])))
    return pieces


def has_changes(pieces: list[Piece]) -> bool:
    return any(piece.kind != "equal" for piece in pieces)
