"""The shape of api/v1/timelines.json, as pydantic models: the export is built through them (so
it cannot drift from its schema) and schema/timelines.schema.json is generated from them."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .. import models as m
from .timelines import Timeline

TIMELINES_EXPORT_VERSION = "1"


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StageOut(_Out):
    stage: str = Field(description="insiders, evaluator, partners, researchers, api, app or open_weights.")
    organisation: str | None = None
    unnamed_organisations: int | None = None
    model_access: str | None = Field(None, description="black_box, grey_box or white_box (Charnock et al. 2026).")
    information: str | None = Field(None, description="minimal, substantial or comprehensive.")
    access_level: Literal["AL1", "AL2", "AL3"] | None = Field(None, description="When model access and information pair as in the paper.")
    features: list[str]
    start: str | None = Field(None, description="EDTF date or interval as recorded.")
    start_earliest: str | None = Field(None, description="Earliest day the start can denote (null: open).")
    start_latest: str | None = Field(None, description="Latest day the start can denote (null: open).")
    end: str | None = None
    not_yet_as_of: str | None = Field(None, description="The stage had not happened as of this day.")
    window_days: int | None = None
    checkpoint: str | None = None
    entries: list[str]
    sources: list[dict] = Field(description="As in the registry; every quote in `quotes` (objects with `text`, "
                                "optional `lang` and `note`), `quote` the first one's text.")
    note: str | None = None


class LagOut(_Out):
    stage: str
    min_days: int | None = Field(description="Fewest days after insiders (null: unknown).")
    max_days: int | None = Field(description="Most days after insiders (null: open-ended).")
    censored: bool = Field(description="True: the stage had not happened; min_days is a lower bound as of `as_of`.")
    as_of: str | None = None
    label: str


class TimelineOut(_Out):
    model: str
    name: str
    lab: str
    stages: list[StageOut]
    lags: list[LagOut] = Field(description="Insiders to each kind of outsider, first stage of each kind.")


class TimelinesFile(_Out):
    export_version: str
    schema_version: str
    dataset_version: str
    count: int
    timelines: list[TimelineOut]


def _day(value) -> str | None:
    return value.isoformat() if value is not None else None


def source_record(src: m.Source) -> dict:
    """A source as exported: every quote in `quotes` (objects with `text`, and `lang` and `note` when
    given), whichever form the file used; `quote` repeats the first one's text for export v1 readers."""
    data = src.model_dump(mode="json", exclude_none=True)
    quotes = [q.model_dump(mode="json", exclude_none=True) for q in src.all_quotes]
    data["quote"] = quotes[0]["text"]
    data["quotes"] = quotes
    return data


def timeline_out(t: Timeline) -> TimelineOut:
    stages = []
    for s in t.stages:
        st: m.Stage = s.stage
        stages.append(StageOut(
            stage=st.stage, organisation=st.organisation, unnamed_organisations=st.unnamed_organisations,
            model_access=st.model_access, information=st.information, access_level=s.access_level,
            features=list(st.features), start=st.start, start_earliest=_day(s.lo) if st.start else None,
            start_latest=_day(s.hi) if st.start else None, end=st.end, not_yet_as_of=st.not_yet_as_of,
            window_days=st.window_days, checkpoint=st.checkpoint, entries=list(st.entries),
            sources=[source_record(src) for src in st.sources], note=st.note))
    lags = [LagOut(stage=ms.kind, min_days=ms.min_days, max_days=ms.max_days, censored=ms.censored,
                   as_of=ms.stage.stage.not_yet_as_of if ms.censored else None, label=ms.label) for ms in t.milestones]
    return TimelineOut(model=t.model.id, name=t.model.name, lab=t.model.lab, stages=stages, lags=lags)


def timelines_schema() -> dict:
    return TimelinesFile.model_json_schema(mode="serialization")
