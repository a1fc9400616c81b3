"""The evidence audit (`accessgap audit`)."""

from __future__ import annotations



from tests.helpers.findings import entry, findings, one, put


# --- audit ---------------------------------------------------------------------------------------------------

def test_A100_to_A103_audit_warnings(run_cli, project):
    data = entry(confidence="low")
    data["sources"][0].update(kind="secondary", quote=" ".join(["word"] * 51))
    del data["sources"][0]["archive_url"]
    put(project, "entries/2023/MAG-2023-0901.yaml", data)
    rc, found = findings(run_cli, project, command="audit")
    assert rc == 0  # warnings only
    mine = [f for f in found if "0901" in f["path"]]
    assert sorted(f["code"] for f in mine) == ["A100", "A101", "A102", "A103"]
    assert one(mine, "A101")["message"] == "quote has 51 words (limit 50)"
    # `validate` does not audit
    assert findings(run_cli, project) == (0, [])


def test_A104_A105_a_repeated_url_and_an_entry_never_re_verified(run_cli, project):
    # A 1.0 file, where a second source was the only way to give a second quote (2.0 makes it E027).
    data = entry(schema_version="1.0")
    data["sources"].append(dict(data["sources"][0], quote="Another sentence from the same page."))
    data.pop("last_verified", None)
    put(project, "entries/2023/MAG-2023-0901.yaml", data)
    rc, found = findings(run_cli, project, "registry/entries/2023/MAG-2023-0901.yaml", command="audit")
    assert rc == 0 and sorted(f["code"] for f in found) == ["A104", "A105", "S110"]
    assert one(found, "A104")["message"] == "source 2 repeats the URL of source 1"
    assert one(found, "A104")["pointer"] == "$.sources[1].url"
    # in 2.0 the same repeat is E027 (or W028), reported once: the audit does not say it again
    data["schema_version"] = "2.0"
    put(project, "entries/2023/MAG-2023-0901.yaml", data)
    rc, found = findings(run_cli, project, "registry/entries/2023/MAG-2023-0901.yaml", command="audit")
    assert [f["code"] for f in found].count("A104") == 0 and "E027" in [f["code"] for f in found]


def test_audit_quiet_on_a_well_sourced_entry(run_cli, project):
    put(project, "entries/2023/MAG-2023-0901.yaml", entry())
    rc, found = findings(run_cli, project, "registry/entries/2023/MAG-2023-0901.yaml", command="audit")
    assert (rc, found) == (0, [])
