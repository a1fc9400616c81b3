"""Property tests: loading and validating never raise, whatever the input, and findings stay sane.

The default run tries about 200 examples per property. The `slow` targets at the end run 10,000 each:

    .venv/bin/python -m pytest -m slow tests/test_fuzz.py -p no:randomly
"""

from __future__ import annotations

import copy
import json
import math

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accessgap.codes import CATALOGUE
from accessgap.check import report
from accessgap.load import safeyaml
from accessgap.check.runner import validate
from tests.helpers.corpus import VALID

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SLOW = settings(max_examples=10_000, deadline=None, suppress_health_check=list(HealthCheck))

COMPLETE_TEXT = (VALID / "complete-entry.yaml").read_text(encoding="utf-8")
COMPLETE = safeyaml.parse(COMPLETE_TEXT, "complete").data


# --- the pipeline under test -------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def pipeline(shared_project, tmp_path_factory):
    """validate(raw bytes) through the library, as `accessgap validate --kind entry FILE` does."""
    root = shared_project / "registry"
    path = tmp_path_factory.mktemp("fuzz") / "case.yaml"

    def run(raw: bytes):
        path.write_bytes(raw)
        reg = validate(root, [path], kind="entry")
        check_findings(reg.result, raw)
        return reg

    return run


def check_findings(result, raw: bytes) -> None:
    n_lines = raw.count(b"\n") + raw.count(b"\r") + 2  # see check_loaded
    for f in result.findings:
        assert f.code in CATALOGUE, f
        assert f.severity in ("error", "warning"), f
        assert isinstance(f.message, str) and f.message, f
        assert 0 <= f.line <= n_lines, (f, n_lines)
        assert f.col >= 0, f
    # every reporter formats whatever was found
    for fmt in report.FORMATS.values():
        assert isinstance(fmt(result), str)
    assert json.loads(report.as_json(result))["files_checked"] == 1


def plain(node) -> bool:
    """Only the types the loader may produce."""
    if isinstance(node, dict):
        return all(isinstance(k, str) and plain(v) for k, v in node.items())
    if isinstance(node, list):
        return all(plain(v) for v in node)
    return node is None or isinstance(node, (str, int, float, bool))


def check_loaded(loaded: safeyaml.Loaded, text: str) -> None:
    # libyaml places an empty value at the end of the stream, one line past the last when the text
    # does not end with a line break
    n_lines = text.count("\n") + text.count("\r") + 2
    if loaded.ok:
        assert plain(loaded.data)
        for table in (loaded.values, loaded.keys):
            for path, (line, col) in table.items():
                assert 1 <= line <= n_lines and col >= 1, (path, line, col)
    else:
        assert len(loaded.findings) == 1
        f = loaded.findings[0]
        assert f.code.startswith("Y") and f.code in CATALOGUE and 1 <= f.line <= n_lines, f


# --- strategies ----------------------------------------------------------------------------------------------

def stable_text(s: str) -> str:
    """Text that no YAML 1.2 plain-scalar rule turns into something else: `0o17` is a number in YAML 1.2
    but text in 1.1, so PyYAML's dumper leaves it unquoted. Prefixing a letter keeps the rest random."""
    return s if isinstance(safeyaml.resolve_plain(s), str) else "s" + s


# NEL, LS and PS are line breaks to libyaml (YAML 1.1), and PyYAML's dumper writes them raw inside
# quotes when allow_unicode is set, so they do not survive a dump and load; leave them out here (the
# never-raises properties still see them).
_chars = st.characters(exclude_categories=["Cs"], exclude_characters="\x85\u2028\u2029")
scalars = (st.none() | st.booleans() | st.integers(min_value=-10**20, max_value=10**20)
           | st.floats(allow_nan=False, allow_infinity=False, width=64)
           | st.text(_chars, max_size=40).map(stable_text))
yaml_data = st.recursive(
    scalars,
    lambda children: (st.lists(children, max_size=6)
                      | st.dictionaries(st.text(_chars, max_size=12).map(stable_text), children, max_size=6)),
    max_leaves=40,
)


def paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from paths(v, prefix + (i,))


ALL_PATHS = [p for p in paths(COMPLETE) if p]


@st.composite
def mutated_entries(draw):
    """The complete entry with a few values replaced, removed or duplicated."""
    data = copy.deepcopy(COMPLETE)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        path = draw(st.sampled_from(ALL_PATHS))
        parent = data
        try:
            for part in path[:-1]:
                parent = parent[part]
            last = path[-1]
            action = draw(st.sampled_from(["replace", "delete", "duplicate", "stringify", "wrap"]))
            if action == "replace":
                parent[last] = draw(yaml_data)
            elif action == "delete":
                del parent[last]
            elif action == "duplicate" and isinstance(parent, list):
                parent.append(copy.deepcopy(parent[last]))
            elif action == "stringify":
                parent[last] = str(parent[last])
            elif action == "wrap":
                parent[last] = [parent[last]]
        except (KeyError, IndexError, TypeError):
            continue  # the path vanished with an earlier mutation
    return data


@st.composite
def mutated_text(draw):
    """The complete entry's text with characters inserted, deleted or replaced."""
    text = COMPLETE_TEXT
    alphabet = st.sampled_from(list(":-[]{}#&*!|>'\"%@`,?\t\n\r \\~0123456789aeTODO<>()\u202e\ufeff\x00\x85"))
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        i = draw(st.integers(min_value=0, max_value=len(text)))
        action = draw(st.sampled_from(["insert", "delete", "replace"]))
        piece = draw(st.text(alphabet, min_size=1, max_size=4))
        if action == "insert":
            text = text[:i] + piece + text[i:]
        elif action == "delete":
            text = text[:i] + text[i + len(piece):]
        else:
            text = text[:i] + piece + text[i + 1:]
    return text.encode("utf-8")


# --- properties: the default run ------------------------------------------------------------------------------

@FAST
@given(st.text())
def test_parse_never_raises_on_text(text):
    check_loaded(safeyaml.parse(text, "fuzz.yaml"), text)


@FAST
@given(st.binary(max_size=2048))
def test_validate_never_raises_on_bytes(pipeline, raw):
    pipeline(raw)


@FAST
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=500))
def test_validate_never_raises_on_text(pipeline, text):
    pipeline(text.encode("utf-8"))


@FAST
@given(yaml_data)
def test_yaml_shaped_data_round_trips(data):
    """What a stock dumper writes, the loader reads back unchanged (when within the size limits)."""
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    loaded = safeyaml.parse(text, "dumped.yaml")
    check_loaded(loaded, text)
    if loaded.ok:
        assert same(loaded.data, data), text
    else:
        assert loaded.findings[0].code in ("Y025", "Y026"), loaded.findings


@FAST
@given(yaml_data)
def test_validate_never_raises_on_yaml_shaped_data(pipeline, data):
    pipeline(yaml.safe_dump(data, allow_unicode=True).encode("utf-8"))


@FAST
@given(mutated_entries())
def test_validate_never_raises_on_mutated_entries(pipeline, data):
    reg = pipeline(yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8"))
    if data == COMPLETE:
        assert reg.result.errors == []


@FAST
@given(mutated_text())
def test_validate_never_raises_on_mutated_text(pipeline, raw):
    pipeline(raw)


def test_unmutated_entry_is_valid(pipeline):
    """The properties above would be vacuous if the starting point were already invalid."""
    reg = pipeline(COMPLETE_TEXT.encode())
    assert [f.code for f in reg.result.findings] == []
    reg = pipeline(yaml.safe_dump(COMPLETE, allow_unicode=True, sort_keys=False).encode())
    assert [f.code for f in reg.result.findings] == []


def same(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


# --- slow targets: `-m slow` ----------------------------------------------------------------------------------

@pytest.mark.slow
@SLOW
@given(st.binary(max_size=4096) | mutated_text())
def test_slow_validate_bytes_and_mutated_text(pipeline, raw):
    pipeline(raw)


@pytest.mark.slow
@SLOW
@given(mutated_entries() | yaml_data)
def test_slow_validate_mutated_entries_and_yaml_shaped_data(pipeline, data):
    pipeline(yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8"))


@pytest.mark.slow
@SLOW
@given(yaml_data)
def test_slow_yaml_shaped_data_round_trips(data):
    test_yaml_shaped_data_round_trips.hypothesis.inner_test(data)


@pytest.mark.slow
@SLOW
@given(st.text())
def test_slow_parse_never_raises_on_text(text):
    check_loaded(safeyaml.parse(text, "fuzz.yaml"), text)


def test_slow_targets_are_skipped_by_default(request):
    """The conftest gate: `slow` tests are skipped unless -m names them."""
    slow = [item for item in request.session.items if "slow" in item.keywords]
    if "slow" in (request.config.getoption("-m") or ""):
        pytest.skip("running the slow targets")
    if not slow:
        pytest.skip("no slow target selected")
    assert all(any(m.name == "skip" for m in item.iter_markers()) for item in slow)

