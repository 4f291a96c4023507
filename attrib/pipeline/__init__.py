"""spaCy components of attrib, one factory per module (see pyproject entry points)."""
