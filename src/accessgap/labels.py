"""Words for readers: the one table that turns vocabulary codes into labels.

Pages, charts, feeds and the CSV's label columns all call `label`, so a code never reaches a
reader and a label is changed in one place. Codes not listed read as their words ("staged_rollout"
-> "Staged rollout"), so a new vocabulary value is readable before anyone writes its label.
"""

from __future__ import annotations

from . import vocab

_LABELS: dict[str, str] = {
    # access tiers and organisation kinds
    "insider": "Insiders", "partner": "Partners", "third_party_evaluator": "Third-party evaluators",
    "government_evaluator": "Government evaluators", "verified_outsider": "Verified outsiders", "public": "The public",
    "safety_researcher": "Safety researchers", "academic": "Academics", "interpretability": "Interpretability researchers",
    "forecasting_policy": "Forecasting and policy", "other_defender": "Other defenders",
    "commercial_partner": "Commercial partners", "government_body": "Government bodies",
    "cloud_provider": "Cloud providers",
    # sub-types whose words alone read oddly
    "internal_to_public": "Insiders to the public", "internal_to_partner": "Insiders to partners",
    "preview_to_ga": "Preview to general availability", "ai_rd": "AI R&D", "bio": "Biology", "cyber": "Cyber",
    "rl_fine_tuning": "RL fine-tuning", "fine_tuning": "Fine-tuning", "logprobs": "Log-probabilities",
    "raw_chain_of_thought": "Raw chain of thought", "helpful_only": "Helpful-only variants",
    "weights_withheld": "Weights withheld", "withdrawn_after_release": "Withdrawn after release",
    "chat_ui": "Chat interface", "api": "API", "reasoning_raw": "Raw reasoning", "safeguard_free": "Safeguard-free variant",
    "internal_tools": "Internal tools and scaffolds",
    # purposes and the restricting side
    "use": "Using the model", "study": "Studying the model", "both": "Using and studying the model",
    "lab": "The lab", "government": "A government", "other": "Other",
    # directions, as the sentence "This event … the gap" reads
    "widens": "Widens the gap", "narrows": "Narrows the gap", "mixed": "Widens it for some, narrows it for others",
}


def label(code: str | None) -> str:
    """The reader's words for a vocabulary code (gap types, stages and access levels included)."""
    if not code:
        return ""
    code = str(getattr(code, "value", code))
    for table in (vocab.GAP_TYPE_TITLES, vocab.STAGE_TITLES, vocab.ACCESS_TITLES, _LABELS):
        if code in table:
            return table[code]
    words = code.replace("_", " ")
    return words[:1].upper() + words[1:]
