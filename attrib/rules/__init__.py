"""Shared machinery of the rule components: the expanded lexicon
(:mod:`.lexicon`), the per-doc token view (:mod:`.view`) and speaker phrase
delimitation (:mod:`.phrases`)."""
