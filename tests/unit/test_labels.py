"""Every vocabulary code has reader's words: no underscore, no lower-case start, and the hand-written
labels win over the fallback."""

from __future__ import annotations

import pytest

from accessgap import vocab
from accessgap.labels import label

ENUMS = [getattr(vocab, name) for name in dir(vocab)
         if isinstance(getattr(vocab, name), type) and issubclass(getattr(vocab, name), vocab.DescribedEnum)
         and getattr(vocab, name) is not vocab.DescribedEnum]


@pytest.mark.parametrize("enum", ENUMS, ids=lambda e: e.__name__)
def test_every_code_reads_as_words(enum):
    for member in enum:
        text = label(member.value)
        assert "_" not in text and text[:1] == text[:1].upper() and text, (enum.__name__, member.value, text)


def test_hand_written_labels_and_the_fallback():
    assert label("ai_rd") == "AI R&D"
    assert label("deployment_lag") == vocab.GAP_TYPE_TITLES["deployment_lag"]
    assert label("grey_box") == "Grey box"
    assert label("some_new_code") == "Some new code"
    assert label(None) == "" and label("") == ""
