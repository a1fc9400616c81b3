"""The data model: the single source of truth for entries and vocabularies.

The JSON Schemas in `schema/` and the schema reference page are generated from these classes
(`accessgap schema`); a test fails when the committed copies drift.

Models are strict: YAML scalars are never coerced ("yes" stays a string, "1_000" is not a
number). Dates are strings in a small EDTF subset so that stock JSON Schema tools, which see
YAML dates however their loader reads them, agree with this validator when dates are quoted
(`accessgap fmt` quotes them).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Annotated, Literal, Union
from urllib.parse import urlsplit

from pydantic_core import PydanticCustomError
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    model_validator,
)

from . import textrules, vocab
from .vocab import (
    AccessTier,
    Feature,
    Information,
    ModelAccess,
    StageKind,
    Confidence,
    CostsLimitsSubtype,
    DeploymentLagSubtype,
    Direction,
    Domain,
    ElicitationSubtype,
    NonReleaseSubtype,
    OrganisationKind,
    PricePer,
    Purpose,
    QuantityKind,
    QuantityUnit,
    RestrictingActor,
    SafeguardsSubtype,
    SourceKind,
    Status,
)

SCHEMA_VERSION = "2.0"
# Versions this tool reads. 1.0 files are read during the transition, with a warning that names
# `accessgap migrate`; the differences are listed in docs/schema.md ("Schema 2.0").
READ_VERSIONS = ("1.0", "2.0")
Version = Literal["1.0", "2.0"]
SCHEMA_BASE_URL = "https://model-access-gap-registry.github.io/registry/schema/"

ID_PATTERN = r"^MAG-(19|20)[0-9]{2}-[0-9]{4}$"
SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"
# EDTF level-0/1 subset: YYYY, YYYY-MM or YYYY-MM-DD, optionally followed by "~" (approximate).
DATE_PATTERN = r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?~?$"
_ONE_DATE = r"[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?[~?]?"
# A timeline date: one EDTF date (`~` approximate, `?` uncertain) or an interval: `A/B` (some time
# between A and B), `../B` (on or before B), `A/..` (on or after A).
STAGE_DATE_PATTERN = rf"^({_ONE_DATE}|{_ONE_DATE}/{_ONE_DATE}|\.\./{_ONE_DATE}|{_ONE_DATE}/\.\.)$"
DAY_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
URL_PATTERN = r"^https?://[^\s/?#@]+(/[^\s]*)?$"
# A BCP 47 language tag, in the common short form: `fr`, `zh-Hans`, `pt-BR`.
LANG_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$"

def _refuse_characters(value: str, *, newlines: bool) -> None:
    found = textrules.first_problem(value, newlines=newlines)
    if found:
        index, what = found
        # The loader turns `index` and `char` into the character's own line and column.
        raise PydanticCustomError("forbidden_character", "contains {what} at character {position}; remove it",
                                  {"what": what, "position": index + 1, "index": index, "char": value[index]})


def _no_control_multiline(value: str) -> str:
    _refuse_characters(value, newlines=True)
    return value


def _no_control_inline(value: str) -> str:
    _refuse_characters(value, newlines=False)
    if value != value.strip():
        raise ValueError("has leading or trailing spaces; remove them")
    return value


def _real_date(value: str) -> str:
    core = value.rstrip("~?")
    parts = [int(p) for p in core.split("-")]
    if len(parts) == 3:
        year, month, day = parts
        if day > calendar.monthrange(year, month)[1]:
            raise ValueError(f"{core} is not a calendar date ({calendar.month_name[month]} {year} has "
                             f"{calendar.monthrange(year, month)[1]} days)")
    return value


_NUMERIC_HOST = re.compile(r"(0x[0-9a-f]+|[0-9]+)(\.(0x[0-9a-f]*|[0-9]*)){0,3}")


def public_http_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("must be an http(s) URL with a host")
    # Hosts that reach the reader's or the link checker's own machine or network, in any spelling:
    # localhost and its subdomains (RFC 6761), trailing dots, IPv4 in decimal, hex or octal forms,
    # IPv6, mDNS names, and single-label intranet names.
    _refuse_characters(value, newlines=False)
    host = parts.hostname.rstrip(".").lower()
    if not host.isascii():
        # Browsers map full-width and other compatible forms first ("１２７.０.０.１" is 127.0.0.1).
        try:
            host = host.encode("idna").decode("ascii").lower()
        except UnicodeError:
            raise ValueError("has a host name that is not a valid international domain name") from None
        if not host.startswith("xn--") and "." in host and host.replace(".", "").isdigit():
            raise ValueError("must point at a public host name, not localhost or an IP address")
    local = (host == "localhost" or host.endswith((".localhost", ".local", ".internal", ".home.arpa"))
             or "." not in host or ":" in host or _NUMERIC_HOST.fullmatch(host) is not None)
    if local:
        raise ValueError("must point at a public host name, not localhost or an IP address")
    return value


InlineText = Annotated[str, StringConstraints(min_length=1, max_length=300), AfterValidator(_no_control_inline)]
Title = Annotated[str, StringConstraints(min_length=8, max_length=160), AfterValidator(_no_control_inline)]
LongText = Annotated[str, StringConstraints(min_length=1, max_length=4000), AfterValidator(_no_control_multiline)]
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
EntryId = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
EdtfDate = Annotated[str, StringConstraints(pattern=DATE_PATTERN), AfterValidator(_real_date)]
DayDate = Annotated[str, StringConstraints(pattern=DAY_PATTERN), AfterValidator(_real_date)]
def _real_stage_date(value: str) -> str:
    parts = [p for p in value.split("/") if p != ".."]
    for part in parts:
        _real_date(part)
    if len(parts) == 2 and date_bounds(parts[0])[0] > date_bounds(parts[1])[1]:
        raise ValueError(f"the interval {value} ends before it starts")
    return value


StageDate = Annotated[str, StringConstraints(pattern=STAGE_DATE_PATTERN), AfterValidator(_real_stage_date)]
HttpUrl = Annotated[str, StringConstraints(max_length=2000, pattern=URL_PATTERN), AfterValidator(public_http_url)]
FreeTag = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
Lang = Annotated[str, StringConstraints(pattern=LANG_PATTERN)]


class Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, use_enum_values=True)


# --- gap types: one class per type so the sub-type list is checked per type -----------------

class NonReleaseGap(Strict):
    type: Literal["non_release"]
    subtypes: list[NonReleaseSubtype] = Field(min_length=1, max_length=len(NonReleaseSubtype))


class DeploymentLagGap(Strict):
    type: Literal["deployment_lag"]
    subtypes: list[DeploymentLagSubtype] = Field(min_length=1, max_length=len(DeploymentLagSubtype))


class SafeguardsGap(Strict):
    type: Literal["safeguards"]
    subtypes: list[SafeguardsSubtype] = Field(min_length=1, max_length=len(SafeguardsSubtype))


class CostsLimitsGap(Strict):
    type: Literal["costs_limits"]
    subtypes: list[CostsLimitsSubtype] = Field(min_length=1, max_length=len(CostsLimitsSubtype))


class ElicitationGap(Strict):
    type: Literal["elicitation"]
    subtypes: list[ElicitationSubtype] = Field(min_length=1, max_length=len(ElicitationSubtype))


GapTypeEntry = Annotated[
    Union[NonReleaseGap, DeploymentLagGap, SafeguardsGap, CostsLimitsGap, ElicitationGap],
    Field(discriminator="type"),
]


class Access(Strict):
    """Which access tiers had the model (or the capability in question) and which did not."""

    had: list[AccessTier] = Field(default_factory=list, description="Tiers that had access (leave it empty when "
                                  "no source says who had it).")
    lacked: list[AccessTier] = Field(default_factory=list, description="Tiers that did not.")
    note: InlineText | None = Field(default=None, description="One line on nuances, e.g. 'earlier checkpoints only'.")

    @model_validator(mode="after")
    def _says_something(self):
        # A source may say who lacked access without naming who had it; inventing a tier is worse.
        if not self.had and not self.lacked:
            raise ValueError("name at least one tier in `had` or in `lacked`")
        return self


class Dates(Strict):
    """Dates with their precision, as EDTF strings: `2022`, `2022-08`, `2022-08-15`; a trailing `~` means approximate."""

    event: EdtfDate = Field(description="When the access event happened (announcement, release, policy change).")
    insider_access: EdtfDate | None = Field(
        default=None, description="Deployment lag: when insiders or the privileged side first had the model."
    )
    outsider_access: EdtfDate | None = Field(
        default=None, description="Deployment lag: when the outsiders in question first had it."
    )


class EvaluationWindow(Strict):
    """Pre-deployment access reported by or for an external evaluator."""

    organisation: Slug | None = Field(default=None, description="Evaluator, by organisation ID.")
    unnamed_organisations: int | None = Field(default=None, ge=1, le=1000, description="How many evaluators, "
                                              "when the source counts them without naming them (\"3 organisations\").")
    model: Slug | None = Field(default=None, description="Model evaluated, by model ID.")
    days: int | None = Field(default=None, ge=0, le=3650, description="Length of access in days, as reported; "
                             "omit it when the source does not report the length.")
    approximate: bool = Field(default=False, description="True when the source gives an approximate length.")
    start: StageDate | None = Field(default=None, description="When access began, if the source dates it.")
    end: StageDate | None = Field(default=None, description="When access ended, if the source dates it.")
    checkpoint: InlineText | None = Field(default=None, description="The checkpoint evaluated, when the source says "
                                          "it was not the one released.")

    @model_validator(mode="after")
    def _who(self):
        if (self.organisation is None) == (self.unnamed_organisations is None):
            raise ValueError("give exactly one of `organisation` (a named evaluator) or `unnamed_organisations` "
                             "(how many, when the source does not name them)")
        if self.approximate and self.days is None:
            raise ValueError("`approximate` describes `days`; give the reported length or drop `approximate`")
        if self.end is not None and self.start is None:
            raise ValueError("`end` needs a `start`")
        return self


class Quantity(Strict):
    """A number the sources give, typed and with its unit, so pages and comparisons can use it."""

    kind: QuantityKind = Field(description="price, rate_limit, context_size, notice_period or spend_threshold.")
    value: Annotated[float, Field(ge=0, le=1e15)] = Field(description="The number, as the source gives it "
                                                          "(`15`, `2.5`).")
    unit: QuantityUnit = Field(description="Its unit: a currency for prices and spend, `requests_per_minute` "
                               "and the like for rate limits, `tokens`, `days` or `months`.")
    per: PricePer | None = Field(default=None, description="Prices only: what the price buys "
                                 "(`million_output_tokens`, `month`...).")
    applies_to: InlineText | None = Field(default=None, description="Who or what it applies to "
                                          "(`usage tier 1`, `ChatGPT Plus`, a model ID).")
    approximate: bool = Field(default=False, description="True when the source gives it approximately.")
    source: int | None = Field(default=None, ge=1, le=20, description="Which of the entry's sources gives it "
                               "(1 is the first).")
    note: InlineText | None = None

    @model_validator(mode="after")
    def _unit_fits(self) -> "Quantity":
        allowed = vocab.QUANTITY_UNITS[self.kind]
        if self.unit not in allowed:
            raise ValueError(f"unit `{self.unit}` does not fit a {self.kind}; use one of {', '.join(sorted(allowed))}")
        if (self.kind == "price") != (self.per is not None):
            raise ValueError("a price needs `per` (what it buys)" if self.kind == "price"
                             else "`per` is only for prices")
        return self


class StatusInfo(Strict):
    """Where the gap stands now."""

    state: Status
    date: EdtfDate | None = Field(default=None, description="When the state began; required for closed and withdrawn.")
    note: InlineText | None = None
    reason: InlineText | None = Field(default=None, description="Withdrawn: why.")
    successor: EntryId | None = Field(default=None, description="Withdrawn: the entry that replaces this one.")

    @model_validator(mode="after")
    def _lifecycle(self) -> "StatusInfo":
        if self.state in ("closed", "withdrawn") and self.date is None:
            raise ValueError(f"status '{self.state}' needs a `date`")
        if self.state == "withdrawn" and not self.reason:
            raise ValueError("status 'withdrawn' needs a `reason`")
        if self.state != "withdrawn" and (self.reason or self.successor):
            raise ValueError("`reason` and `successor` are only for status 'withdrawn'")
        return self


class Quote(Strict):
    """One quote from a source, written as a mapping when it needs a language or a note of its own."""

    text: LongText = Field(description="Exact, short text seen in the source.")
    lang: Lang | None = Field(default=None, description="Language of the quote when it is not English, as a "
                              "BCP 47 tag (`fr`, `de`, `zh-Hans`).")
    note: InlineText | None = Field(default=None, description="What this quote shows or leaves out.")


def _quote_form(value) -> str:
    # A mapping when validating, a Quote when serialising (model_dump).
    return "mapping" if isinstance(value, (dict, Quote)) else "text"


# A quote in `quotes:` is either plain text or a Quote mapping; the form decides which, so an
# error is reported once, against the form written (not once per alternative).
QuoteItem = Annotated[Union[Annotated[LongText, Tag("text")], Annotated[Quote, Tag("mapping")]],
                      Discriminator(_quote_form)]


class Source(Strict):
    """One piece of evidence: a page and the quotes from it that support the record. Several entries may cite one
    source; one source holds several quotes (`quotes`)."""

    # The JSON Schema says what `_quoted` checks, for editors and other validators.
    model_config = ConfigDict(json_schema_extra={"oneOf": [{"required": ["quote"]}, {"required": ["quotes"]}]})

    url: HttpUrl = Field(description="The page a reader can open to find the quote.")
    title: InlineText = Field(description="The page's title.")
    publisher: InlineText = Field(description="Who published it (the lab, an agency, a newspaper).")
    published: EdtfDate | None = Field(default=None, description="Publication date; omit only when the source has none.")
    accessed: DayDate = Field(description="When a contributor last read the source and checked the quote.")
    archive_url: HttpUrl | None = Field(default=None, description="An archived copy, e.g. on web.archive.org.")
    kind: SourceKind = Field(description="primary, secondary or aggregator.")
    quote: LongText | None = Field(default=None, description="Exact, short text seen in the source that supports "
                                   "the entry. Give `quote` or `quotes`, not both.")
    quotes: list[QuoteItem] = Field(default_factory=list, min_length=1, max_length=20, description="Several quotes from this source "
                                    "(schema 2.0): each is text, or a mapping with `text` and optional `lang` and `note`.")
    note: InlineText | None = Field(default=None, description="E.g. 'mirror of the lab's post', or what the quote omits.")
    via: HttpUrl | None = Field(default=None, description="The copy actually read, when the original (`url`) was "
                                "read through a mirror; `kind` still describes the original.")

    @model_validator(mode="after")
    def _quoted(self) -> "Source":
        if self.quote is not None and self.quotes:
            raise ValueError("give either `quote` (one quote) or `quotes` (a list), not both; "
                             "move the `quote` into `quotes`")
        if self.quote is None and not self.quotes:
            raise ValueError("needs a `quote` (or `quotes`, a list of them): the exact text that supports the entry")
        return self

    @property
    def all_quotes(self) -> list[Quote]:
        """Every quote of the source, in order, as Quote values (a single `quote` is a list of one)."""
        # model_construct: the text was validated as this source's field already (a Quote's own
        # validation of it cost pages two seconds at 1,000 entries).
        if self.quote is not None:
            return [Quote.model_construct(text=self.quote)]
        return [q if isinstance(q, Quote) else Quote.model_construct(text=q) for q in self.quotes]

    def quote_path(self, index: int) -> tuple:
        """The data path of the `index`-th quote's text, relative to the source."""
        if self.quote is not None:
            return ("quote",)
        return ("quotes", index, "text") if isinstance(self.quotes[index], Quote) else ("quotes", index)


class LabResponse(Strict):
    """Right of reply: the lab's (or a named party's) response, in their words."""

    date: EdtfDate
    summary: LongText
    url: HttpUrl | None = None


class Entry(Strict):
    schema_version: Version = Field(description="Version of the schema this file follows: \"2.0\" (\"1.0\" is "
                                    "read during the transition; `accessgap migrate` updates it).")
    id: EntryId = Field(description="Permanent ID `MAG-YYYY-NNNN`; YYYY is the event year; equals the file name.")
    title: Title = Field(description="One line, 8–160 characters, saying what happened; no HTML.")
    gap_types: list[GapTypeEntry] = Field(min_length=1, max_length=5,
                                          description="One or more gap types, each with its sub-types.")
    labs: list[Slug] = Field(min_length=1, description="Lab IDs from registry/labs/.")
    models: list[Slug] = Field(default_factory=list, description="Model IDs from registry/models/.")
    outsiders: list[Slug] = Field(default_factory=list, description="Organisation IDs from registry/organisations/.")
    access: Access = Field(description="Which access tiers had the model and which did not.")
    restricted_by: list[RestrictingActor] = Field(min_length=1, description="Who imposed the restriction.")
    restricting_bodies: list[Slug] = Field(default_factory=list, max_length=10, description="The named bodies "
                                           "that imposed it (organisation IDs, e.g. a government agency of kind "
                                           "`government_body`), when the sources name them.")
    direction: Direction = Field(description="Whether the event widens or narrows the gap.")
    domains: list[Domain] = Field(default_factory=lambda: ["general"], description="Capability domains concerned.")
    purpose: Purpose = Field(description="Access to use the model (uplift), to study it, or both.")
    dates: Dates = Field(description="Event date and, for lags, both sides' dates.")
    evaluation_windows: list[EvaluationWindow] = Field(default_factory=list,
                                                       description="Pre-deployment access reported for evaluators.")
    quantities: list[Quantity] = Field(default_factory=list, max_length=30, description="Prices, rate limits, "
                                       "context sizes, notice periods and tier thresholds the sources give, with units.")
    status: StatusInfo = Field(description="Lifecycle: open, narrowed, closed, disputed or withdrawn.")
    summary: LongText = Field(description="Neutral summary in the registry's words; Markdown: emphasis, code and http(s) links only.")
    sources: list[Source] = Field(min_length=1, max_length=20)
    lab_response: LabResponse | None = Field(default=None, description="Right of reply: the lab's response.")
    related: list[EntryId] = Field(default_factory=list, description="IDs of related entries (backlinks are computed).")
    tags: list[FreeTag] = Field(default_factory=list, description="Free tags, lowercase with hyphens.")
    confidence: Confidence = Field(description="How well the sources support the entry.")
    last_verified: DayDate | None = Field(default=None, description="When the whole entry was last re-checked against its sources.")

    @model_validator(mode="after")
    def _quantity_sources(self) -> "Entry":
        for i, q in enumerate(self.quantities):
            if q.source is not None and q.source > len(self.sources):
                raise ValueError(f"quantities[{i}] cites source {q.source}, but the entry has "
                                 f"{len(self.sources)} source(s)")
        return self


class Lab(Strict):
    schema_version: Version
    id: Slug
    name: InlineText
    description: InlineText
    homepage: HttpUrl
    aliases: list[InlineText] = Field(default_factory=list, description="Former or other names, found by search.")


class Organisation(Strict):
    schema_version: Version
    id: Slug
    name: InlineText
    kind: OrganisationKind
    description: InlineText
    homepage: HttpUrl
    aliases: list[InlineText] = Field(default_factory=list, description="Former or other names (e.g. ARC Evals for METR).")


class Stage(Strict):
    """One step of a model's access timeline: who could use the model, how deeply, from when."""

    stage: StageKind = Field(description="Who: insiders, an external evaluator, partners, researchers, the API, "
                                         "the consumer app or open-weight users.")
    organisation: Slug | None = Field(default=None, description="The named organisation (an evaluator or partner).")
    unnamed_organisations: int | None = Field(default=None, ge=1, le=1000,
                                              description="How many organisations, when the source does not name them.")
    model_access: ModelAccess | None = Field(default=None, description="black_box, grey_box or white_box "
                                             "(Charnock et al. 2026); omit when no source says.")
    information: Information | None = Field(default=None, description="minimal, substantial or comprehensive "
                                            "(Charnock et al. 2026); omit when no source says.")
    features: list[Feature] = Field(default_factory=list, max_length=12, description="Concrete features seen.")
    start: StageDate | None = Field(default=None, description="From when: an EDTF date or interval "
                                    "(`2024-10/2024-12`, `../2024-05` on or before, `2025-05/..` on or after).")
    end: StageDate | None = Field(default=None, description="Until when, if the access ended.")
    not_yet_as_of: DayDate | None = Field(default=None, description="For a stage that has not happened: the day a "
                                          "source (or a contributor) last confirmed it had not.")
    window_days: int | None = Field(default=None, ge=0, le=3650, description="Length of an evaluation window, "
                                    "when reported; omit when the length is not reported.")
    checkpoint: InlineText | None = Field(default=None, description="Which version was accessed, when it was not "
                                          "the released one (e.g. 'an early snapshot').")
    entries: list[EntryId] = Field(default_factory=list, max_length=20, description="Entries documenting this stage.")
    sources: list[Source] = Field(default_factory=list, max_length=10, description="Evidence for the stage.")
    note: InlineText | None = None

    @model_validator(mode="after")
    def _dated_and_cited(self):
        if (self.start is None) == (self.not_yet_as_of is None):
            raise ValueError("give exactly one of `start` (when it happened) or `not_yet_as_of` (it has not yet)")
        if self.end is not None and self.start is None:
            raise ValueError("`end` needs a `start`")
        if not self.sources and not self.entries:
            raise ValueError("cite at least one source or entry")
        if self.window_days is not None and self.stage != "evaluator":
            raise ValueError("`window_days` is only for evaluator stages")
        return self


class Model(Strict):
    schema_version: Version
    id: Slug
    name: InlineText
    lab: Slug = Field(description="Lab ID.")
    description: InlineText
    homepage: HttpUrl | None = None
    announced: EdtfDate | None = None
    first_public: EdtfDate | None = Field(default=None, description="First availability to the general public.")
    open_weights: bool = Field(default=False, description="True when the weights were published.")
    aliases: list[InlineText] = Field(default_factory=list)
    timeline: list[Stage] = Field(default_factory=list, max_length=60,
                                  description="Who could use the model, how deeply, from when (optional).")


KINDS: dict[str, type[Strict]] = {
    "entry": Entry,
    "lab": Lab,
    "model": Model,
    "organisation": Organisation,
}


def date_bounds(value: str) -> tuple[dt.date, dt.date]:
    """Earliest and latest day an EDTF date can denote (a month covers all its days)."""
    parts = [int(p) for p in value.rstrip("~?").split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)
    if len(parts) == 2:
        last = calendar.monthrange(parts[0], parts[1])[1]
        return dt.date(parts[0], parts[1], 1), dt.date(parts[0], parts[1], last)
    day = dt.date(*parts)
    return day, day


def date_precision(value: str) -> str:
    n = value.rstrip("~?").count("-")
    base = ("year", "month", "day")[n]
    return base + (value[-1] if value.endswith(("~", "?")) else "")


def stage_bounds(value: str) -> tuple[dt.date | None, dt.date | None]:
    """Earliest and latest day a timeline date can denote; None for an open end (`..`)."""
    if "/" not in value:
        return date_bounds(value)
    start, end = value.split("/")
    return (None if start == ".." else date_bounds(start)[0]), (None if end == ".." else date_bounds(end)[1])
