"""Did-you-mean hints, one way everywhere: close matches only, and only among the values the
field itself allows (a key misspelt in `sources` is matched against the keys of a source)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping

CUTOFF = 0.6
_DIGITS = re.compile(r"[0-9]+")


def _other_version(word: str, choice: str) -> bool:
    """True when two names differ in their numbers: `claude-opus-4-6` is not a misspelt
    `claude-opus-4-7` but another model, so suggesting it would point to the wrong record."""
    return "".join(_DIGITS.findall(word)) != "".join(_DIGITS.findall(choice))


def closest(word: object, choices: Iterable[str] | Mapping[str, str], *, cutoff: float = CUTOFF) -> str | None:
    """The choice closest to `word`, or None. With a mapping, its keys are matched (case-folded)
    and the value of the best key is returned: e.g. a lab's name or alias maps to its ID."""
    if not isinstance(word, str) or not word:
        return None
    pool = ({k.casefold(): v for k, v in choices.items()} if isinstance(choices, Mapping)
            else {c.casefold(): c for c in choices})
    key = word.casefold()
    candidates = [c for c in pool if not _other_version(key, c)]
    match = difflib.get_close_matches(key, candidates, n=1, cutoff=cutoff)
    return pool[match[0]] if match else None


def did_you_mean(word: object, choices: Iterable[str] | Mapping[str, str], *, cutoff: float = CUTOFF) -> str:
    """"did you mean `x`? " (with a trailing space, to prefix a hint) or ""."""
    match = closest(word, choices, cutoff=cutoff)
    return f"did you mean `{match}`? " if match else ""
