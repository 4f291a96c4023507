"""Readers and writers: files in, records out; nothing here runs a pipeline."""
