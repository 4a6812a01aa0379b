"""The esep command line: parses options, calls ingest, model and render, prints results."""
