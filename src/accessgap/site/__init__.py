"""Site: turn a checked registry into the files an engine renders (enrich → generate)."""
