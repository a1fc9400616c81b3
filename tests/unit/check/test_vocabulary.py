"""Vocabulary added for schema 2.0: values real events needed, each with its definition."""

from __future__ import annotations

import pytest

from accessgap import vocab
from accessgap.tools.reference import render_reference
from tests.helpers.findings import codes, entry, findings, one, put

NEW_SUBTYPES = [("non_release", "announced_unavailable"), ("deployment_lag", "checkpoint_mismatch"),
                ("costs_limits", "researcher_programme"), ("costs_limits", "feature_gating")]


@pytest.mark.parametrize("gap_type, subtype", NEW_SUBTYPES)
def test_new_subtypes_validate_and_are_documented(run_cli, project, gap_type, subtype):
    put(project, "entries/2023/MAG-2023-0901.yaml", entry(gap_types=[{"type": gap_type, "subtypes": [subtype]}]))
    assert findings(run_cli, project) == (0, [])
    assert vocab.SUBTYPES[gap_type](subtype).description
    assert f"| `{subtype}` | {vocab.SUBTYPES[gap_type](subtype).description} |" in render_reference()


def test_every_subtype_of_a_type_fits_in_one_entry(run_cli, project):
    gaps = [{"type": g, "subtypes": enum.values()} for g, enum in vocab.SUBTYPES.items()]
    put(project, "entries/2023/MAG-2023-0901.yaml", entry(gap_types=gaps))
    assert findings(run_cli, project) == (0, [])


@pytest.mark.parametrize("kind", ["ai_developer", "other"])
def test_new_organisation_kinds(run_cli, project, kind):
    put(project, "organisations/some-org.yaml", {"schema_version": "2.0", "id": "some-org", "name": "Some Org",
                                                 "kind": kind, "description": "An organisation.",
                                                 "homepage": "https://some-org.example/"})
    assert findings(run_cli, project) == (0, [])
    assert f"| `{kind}` |" in render_reference()


def test_a_named_government_body_is_a_checked_reference(run_cli, project):
    put(project, "organisations/us-commerce.yaml", {"schema_version": "2.0", "id": "us-commerce",
                                                    "name": "US Department of Commerce", "kind": "government_body",
                                                    "description": "A government department.",
                                                    "homepage": "https://commerce.example/"})
    put(project, "entries/2023/MAG-2023-0901.yaml",
        entry(restricted_by=["government"], restricting_bodies=["us-commerce"]))
    assert findings(run_cli, project) == (0, [])
    put(project, "entries/2023/MAG-2023-0901.yaml",
        entry(restricted_by=["government"], restricting_bodies=["us-comerce"]))
    rc, found = findings(run_cli, project)
    f = one(found, "E010")
    assert rc == 1 and codes(found) == ["E010"] and f["pointer"] == "$.restricting_bodies[0]"
    assert f["message"] == "unknown organisation `us-comerce`" and "`us-commerce`" in f["hint"]
