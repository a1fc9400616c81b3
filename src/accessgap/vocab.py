"""Closed vocabularies: gap types, sub-types, access tiers and other enumerations.

Each value carries a one-line definition. The pydantic models, the JSON Schema, the schema
reference page and the site's gap-type pages all read these tables, so a new value is added
here once and reaches every output.
"""

from __future__ import annotations

from enum import Enum


class DescribedEnum(str, Enum):
    """A string enum whose members carry a human definition."""

    description: str

    def __new__(cls, value: str, description: str = ""):
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.description = description
        return obj

    @classmethod
    def values(cls) -> list[str]:
        return [m.value for m in cls]


class GapType(DescribedEnum):
    NON_RELEASE = (
        "non_release",
        "The model exists and is used internally or by chosen partners, but outsiders cannot use it at all.",
    )
    DEPLOYMENT_LAG = (
        "deployment_lag",
        "A model reaches outsiders only some time after insiders or privileged partners.",
    )
    SAFEGUARDS = (
        "safeguards",
        "Outsiders get the model only behind refusals, classifiers, routing, monitoring, identity checks "
        "or terms that block or distort legitimate safety work, while insiders or privileged tiers work without them.",
    )
    COSTS_LIMITS = (
        "costs_limits",
        "Prices, usage tiers, quotas and rate limits that outsiders hit and insiders don't; "
        "research-credit programmes that narrow the gap for some.",
    )
    ELICITATION = (
        "elicitation",
        "What outsiders cannot do to draw out or study a model: fine-tuning, log-probabilities, prefill, "
        "raw chain-of-thought, system prompts, internals, checkpoints.",
    )


GAP_TYPE_TITLES: dict[str, str] = {
    "non_release": "Non-release",
    "deployment_lag": "Deployment lag",
    "safeguards": "Safeguards",
    "costs_limits": "Costs and rate limits",
    "elicitation": "Elicitation techniques",
}


class NonReleaseSubtype(DescribedEnum):
    INTERNAL_ONLY = ("internal_only", "Used only inside the lab.")
    PARTNER_ONLY = ("partner_only", "Available only to commercial partners or a trusted-access cohort.")
    GOVERNMENT_ONLY = ("government_only", "Available only to government bodies or programmes.")
    WITHDRAWN_AFTER_RELEASE = ("withdrawn_after_release", "Released, then withdrawn from outsiders.")
    JURISDICTION = ("jurisdiction", "Restricted by country, jurisdiction or nationality.")
    RETIRED = ("retired", "An older model deprecated or retired; outsiders lose access (weight preservation).")
    WEIGHTS_WITHHELD = ("weights_withheld", "The model is usable through an interface but its weights are not released.")
    ANNOUNCED_UNAVAILABLE = ("announced_unavailable", "Announced, or shown in benchmark results, but not available "
                             "to outsiders (yet).")


class DeploymentLagSubtype(DescribedEnum):
    INTERNAL_TO_PUBLIC = ("internal_to_public", "Time from the lab having the model to public availability.")
    INTERNAL_TO_PARTNER = ("internal_to_partner", "Time from the lab having the model to partners getting it.")
    PREVIEW_TO_GA = ("preview_to_ga", "Time from a limited preview to general availability.")
    EVALUATION_WINDOW = ("evaluation_window", "Length of pre-deployment access given to external evaluators.")
    STAGED_ROLLOUT = ("staged_rollout", "Access widened in stages (sizes, tiers, regions).")
    DOCUMENTATION_LAG = ("documentation_lag", "A system card or evaluation published after the model was deployed.")
    CHECKPOINT_MISMATCH = ("checkpoint_mismatch", "Evaluators tested an earlier or different checkpoint than the "
                           "one released, so their results may not hold for it.")


class SafeguardsSubtype(DescribedEnum):
    REFUSAL_TRAINING = ("refusal_training", "Refusal training that blocks legitimate research requests.")
    CLASSIFIERS = ("classifiers", "Input/output classifiers that block or filter requests.")
    MODEL_ROUTING = ("model_routing", "Requests routed to a different or weaker model.")
    SILENT_DEGRADATION = ("silent_degradation", "Quality reduced without notice.")
    MONITORING_BANS = ("monitoring_bans", "Monitoring, warnings or account bans.")
    IDENTITY_VERIFICATION = ("identity_verification", "Identity or organisation verification required for access.")
    USAGE_POLICY = ("usage_policy", "Usage policies or terms of service that forbid research uses.")
    DATA_RETENTION = ("data_retention", "Data-retention or logging terms that deter sensitive research.")
    HELPFUL_ONLY = ("helpful_only", "Who gets (or not) a model with safety training removed or reduced.")
    DISCLOSURE_TERMS = ("disclosure_terms", "Non-disclosure terms or lab review of what evaluators may publish.")


class CostsLimitsSubtype(DescribedEnum):
    PRICING = ("pricing", "Price per token, subscription or licence.")
    USAGE_TIERS = ("usage_tiers", "Access gated by spend-based or approval-based usage tiers.")
    RATE_LIMITS = ("rate_limits", "Rate limits and quotas.")
    RESEARCH_CREDITS = ("research_credits", "Free or discounted access programmes for researchers.")
    RESEARCHER_PROGRAMME = ("researcher_programme", "A researcher-access programme that admits outsiders (to a "
                            "model, a tier or higher limits) without free or discounted credits.")
    FEATURE_GATING = ("feature_gating", "A feature (log-probabilities, fine-tuning, a longer context, a newer "
                      "model) offered only to selected customers, partners or higher tiers.")


class ElicitationSubtype(DescribedEnum):
    FINE_TUNING = ("fine_tuning", "Supervised fine-tuning.")
    RL_FINE_TUNING = ("rl_fine_tuning", "Reinforcement-learning fine-tuning.")
    LOGPROBS = ("logprobs", "Token log-probabilities.")
    PREFILL = ("prefill", "Prefilling the assistant turn.")
    SAMPLING_PARAMETERS = ("sampling_parameters", "Temperature and other sampling parameters.")
    RAW_CHAIN_OF_THOUGHT = ("raw_chain_of_thought", "Raw rather than summarised or hidden reasoning.")
    SYSTEM_PROMPT = ("system_prompt", "Control of the system prompt.")
    INTERNALS = ("internals", "Activations, probes, steering, gradients.")
    CHECKPOINTS = ("checkpoints", "Access to intermediate or final checkpoints.")
    WEIGHTS = ("weights", "The model weights themselves.")


SUBTYPES: dict[str, type[DescribedEnum]] = {
    "non_release": NonReleaseSubtype,
    "deployment_lag": DeploymentLagSubtype,
    "safeguards": SafeguardsSubtype,
    "costs_limits": CostsLimitsSubtype,
    "elicitation": ElicitationSubtype,
}

# Elicitation techniques shown on a lab's scorecard, in display order.
SCORECARD_TECHNIQUES = [
    "fine_tuning",
    "rl_fine_tuning",
    "logprobs",
    "prefill",
    "raw_chain_of_thought",
    "internals",
]


class AccessTier(DescribedEnum):
    INSIDER = ("insider", "Employees of the lab that built the model.")
    PARTNER = ("partner", "Commercial launch partners and trusted-access cohorts.")
    THIRD_PARTY_EVALUATOR = ("third_party_evaluator", "Independent evaluators and auditors such as METR or Apollo Research.")
    GOVERNMENT_EVALUATOR = ("government_evaluator", "AI security or safety institutes and other government evaluators.")
    VERIFIED_OUTSIDER = ("verified_outsider", "Outsiders admitted through an application, verification or researcher programme.")
    PUBLIC = ("public", "Anyone: the general public, through a product or an API.")


class OrganisationKind(DescribedEnum):
    THIRD_PARTY_EVALUATOR = ("third_party_evaluator", "Third-party evaluators and auditors.")
    GOVERNMENT_EVALUATOR = ("government_evaluator", "Government AI security or safety institutes.")
    SAFETY_RESEARCHER = ("safety_researcher", "External safety and alignment research organisations.")
    ACADEMIC = ("academic", "Universities and academic groups.")
    INTERPRETABILITY = ("interpretability", "Interpretability and model-study organisations.")
    FORECASTING_POLICY = ("forecasting_policy", "Forecasting, policy and strategy organisations.")
    OTHER_DEFENDER = ("other_defender", "Other actors working for good outcomes, e.g. defenders of critical software.")
    # Not outsiders in the registry's sense, but entries must be able to name them.
    COMMERCIAL_PARTNER = ("commercial_partner", "Commercial launch partners and customers (privileged recipients).")
    GOVERNMENT_BODY = ("government_body", "Governments and regulators acting as policymakers, not evaluators.")
    CLOUD_PROVIDER = ("cloud_provider", "Cloud platforms that host or resell models.")
    AI_DEVELOPER = ("ai_developer", "AI developers other than the lab concerned (another lab, a start-up building "
                    "on or competing with its models).")
    OTHER = ("other", "Any other kind of organisation; say which in its `description`.")


OUTSIDER_KINDS = {
    "third_party_evaluator",
    "government_evaluator",
    "safety_researcher",
    "academic",
    "interpretability",
    "forecasting_policy",
    "other_defender",
}


class RestrictingActor(DescribedEnum):
    LAB = ("lab", "The lab that built the model.")
    GOVERNMENT = ("government", "A government or a government body (export controls, national programmes, "
                  "regulation); name the body in `restricting_bodies` when the sources do.")
    CLOUD_PROVIDER = ("cloud_provider", "A cloud provider or reseller.")
    OTHER = ("other", "Someone else; explain in the summary.")


class Direction(DescribedEnum):
    WIDENS = ("widens", "The event widens the gap between insiders and outsiders.")
    NARROWS = ("narrows", "The event narrows the gap (towards model access parity).")
    MIXED = ("mixed", "The event widens the gap for some outsiders and narrows it for others.")


class Status(DescribedEnum):
    OPEN = ("open", "The gap still exists.")
    NARROWED = ("narrowed", "The gap still exists but is smaller than when recorded.")
    CLOSED = ("closed", "The gap closed (needs `date`).")
    DISPUTED = ("disputed", "Facts in the entry are disputed (say by whom in `note`).")
    WITHDRAWN = ("withdrawn", "The entry was withdrawn (needs `date` and `reason`; `successor` optional).")


# States in which a gap still exists; pages and charts count these as "open".
OPEN_STATES = ("open", "narrowed")


class Domain(DescribedEnum):
    GENERAL = ("general", "General-purpose capabilities.")
    CYBER = ("cyber", "Cybersecurity.")
    BIO = ("bio", "Biology and chemistry.")
    AI_RD = ("ai_rd", "AI research and development / autonomy.")
    OTHER = ("other", "Another domain.")


class Purpose(DescribedEnum):
    USE = ("use", "Access to use the model (uplift for one's own work).")
    STUDY = ("study", "Access to study the model (evaluation, interpretability, safety research).")
    BOTH = ("both", "Both using and studying.")


class SourceKind(DescribedEnum):
    PRIMARY = ("primary", "The lab, a government body or the evaluator itself.")
    SECONDARY = ("secondary", "News, analysis or commentary from an identifiable publisher.")
    AGGREGATOR = ("aggregator", "Aggregators, mirrors and machine-written summaries; low weight.")


class QuantityKind(DescribedEnum):
    PRICE = ("price", "A price: per million tokens, per month or year, per request or hour (`per`).")
    RATE_LIMIT = ("rate_limit", "A rate limit or quota: requests or tokens per minute, day or week.")
    CONTEXT_SIZE = ("context_size", "A context window or output limit, in tokens.")
    NOTICE_PERIOD = ("notice_period", "Notice given before a change such as a model's retirement, in days or months.")
    SPEND_THRESHOLD = ("spend_threshold", "Spend (or time) needed to reach a usage tier.")


class QuantityUnit(DescribedEnum):
    USD = ("usd", "US dollars.")
    EUR = ("eur", "Euros.")
    GBP = ("gbp", "Pounds sterling.")
    CNY = ("cny", "Chinese yuan.")
    REQUESTS_PER_MINUTE = ("requests_per_minute", "Requests per minute.")
    REQUESTS_PER_DAY = ("requests_per_day", "Requests per day.")
    TOKENS_PER_MINUTE = ("tokens_per_minute", "Tokens per minute.")
    TOKENS_PER_DAY = ("tokens_per_day", "Tokens per day.")
    MESSAGES_PER_DAY = ("messages_per_day", "Messages per day (consumer apps).")
    MESSAGES_PER_WEEK = ("messages_per_week", "Messages per week (consumer apps).")
    TOKENS = ("tokens", "Tokens.")
    DAYS = ("days", "Days.")
    MONTHS = ("months", "Months.")


class PricePer(DescribedEnum):
    MILLION_INPUT_TOKENS = ("million_input_tokens", "One million input tokens.")
    MILLION_OUTPUT_TOKENS = ("million_output_tokens", "One million output tokens.")
    MILLION_TRAINING_TOKENS = ("million_training_tokens", "One million training tokens (fine-tuning).")
    REQUEST = ("request", "One request.")
    HOUR = ("hour", "One hour (e.g. of training or hosting).")
    MONTH = ("month", "A month (a subscription).")
    YEAR = ("year", "A year (a subscription or licence).")


_CURRENCIES = {"usd", "eur", "gbp", "cny"}
# Which units each kind of quantity may use.
QUANTITY_UNITS: dict[str, set[str]] = {
    "price": _CURRENCIES,
    "spend_threshold": _CURRENCIES | {"days"},
    "rate_limit": {"requests_per_minute", "requests_per_day", "tokens_per_minute", "tokens_per_day",
                   "messages_per_day", "messages_per_week"},
    "context_size": {"tokens"},
    "notice_period": {"days", "months"},
}


class Confidence(DescribedEnum):
    HIGH = ("high", "Primary sources state the facts directly.")
    MEDIUM = ("medium", "Secondary sources, or a primary source that needs interpretation.")
    LOW = ("low", "Thin or conflicting sourcing; kept while better sources are sought.")


# --- access timelines (model records) ---------------------------------------------------------
# Depth of access follows Charnock et al., "Expanding External Access To Frontier AI Models For
# Dangerous Capability Evaluations" (arXiv 2601.11916, 2026): model access, model information and
# evaluation timeframe are separate dimensions; AL1–AL3 pair black-, grey- and white-box model
# access with minimal, substantial and comprehensive information.

class StageKind(DescribedEnum):
    INSIDERS = ("insiders", "People inside the lab that built the model (training, internal use and testing).")
    EVALUATOR = ("evaluator", "An external evaluator (third-party or government) testing the model, named or not.")
    PARTNERS = ("partners", "Trusted partners, launch customers or early testers outside the lab.")
    RESEARCHERS = ("researchers", "Outside researchers admitted through an application or researcher programme.")
    API = ("api", "Developers and paying customers through the lab's API.")
    APP = ("app", "The public through a consumer product such as a chat app.")
    OPEN_WEIGHTS = ("open_weights", "Anyone, by downloading the published weights.")


# The order in which the registry measures how far each kind of outsider is behind insiders.
MILESTONES = ["evaluator", "partners", "researchers", "api", "app", "open_weights"]


class ModelAccess(DescribedEnum):
    BLACK_BOX = ("black_box", "Inputs and outputs only, through a chat interface or an API (Charnock et al.: black-box).")
    GREY_BOX = ("grey_box", "More than inputs and outputs but not the weights: log-probabilities, fine-tuning, raw "
                "reasoning, safeguard-free variants (Charnock et al.: grey-box).")
    WHITE_BOX = ("white_box", "The weights or internals: activations, gradients, steering (Charnock et al.: white-box).")


class Information(DescribedEnum):
    MINIMAL = ("minimal", "Little beyond what the public gets (Charnock et al.: minimal information).")
    SUBSTANTIAL = ("substantial", "Documentation of training, safeguards or evaluations beyond the public system card.")
    COMPREHENSIVE = ("comprehensive", "Architecture, training data and internal evaluation results.")


ACCESS_LEVELS = {("black_box", "minimal"): "AL1", ("grey_box", "substantial"): "AL2",
                 ("white_box", "comprehensive"): "AL3"}
ACCESS_TITLES = {"black_box": "Black box", "grey_box": "Grey box", "white_box": "White box"}


class Feature(DescribedEnum):
    CHAT_UI = ("chat_ui", "A chat interface.")
    API = ("api", "Programmatic access to sample outputs.")
    LOGPROBS = ("logprobs", "Log-probabilities or logits of output tokens.")
    REASONING_SUMMARY = ("reasoning_summary", "Summaries of the model's reasoning, not the reasoning itself.")
    REASONING_RAW = ("reasoning_raw", "The model's raw reasoning trace (chain of thought).")
    FINE_TUNING = ("fine_tuning", "Supervised fine-tuning.")
    RL_FINE_TUNING = ("rl_fine_tuning", "Reinforcement-learning fine-tuning.")
    ACTIVATIONS = ("activations", "Internal activations, or steering with them.")
    WEIGHTS = ("weights", "The model weights.")
    SAFEGUARD_FREE = ("safeguard_free", "A variant without refusal training or classifiers (helpful-only).")
    INTERNAL_TOOLS = ("internal_tools", "The lab's internal tools, scaffolds or agent harnesses.")


STAGE_TITLES = {"insiders": "Insiders", "evaluator": "External evaluator", "partners": "Partners",
                "researchers": "Researchers", "api": "API", "app": "App", "open_weights": "Open weights"}
