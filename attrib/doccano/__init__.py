"""The doccano round trip: serve, push pre-annotations, pull corrections."""
