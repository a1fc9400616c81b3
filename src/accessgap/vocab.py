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


class DeploymentLagSubtype(DescribedEnum):
    INTERNAL_TO_PUBLIC = ("internal_to_public", "Time from the lab having the model to public availability.")
    INTERNAL_TO_PARTNER = ("internal_to_partner", "Time from the lab having the model to partners getting it.")
    PREVIEW_TO_GA = ("preview_to_ga", "Time from a limited preview to general availability.")
    EVALUATION_WINDOW = ("evaluation_window", "Length of pre-deployment access given to external evaluators.")
    STAGED_ROLLOUT = ("staged_rollout", "Access widened in stages (sizes, tiers, regions).")
    DOCUMENTATION_LAG = ("documentation_lag", "A system card or evaluation published after the model was deployed.")


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
    GOVERNMENT = ("government", "A government (export controls, national programmes, regulation).")
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


class Confidence(DescribedEnum):
    HIGH = ("high", "Primary sources state the facts directly.")
    MEDIUM = ("medium", "Secondary sources, or a primary source that needs interpretation.")
    LOW = ("low", "Thin or conflicting sourcing; kept while better sources are sought.")
