"""The report: the official DOCX from a Word template (`report`), its public PDF and HTML (`publish`)."""
