"""Training support: JSONL reading and conversion, the spaCy corpus reader,
silver-data bootstrapping and packaging (used by ``attrib train/convert/
bootstrap/package``)."""
