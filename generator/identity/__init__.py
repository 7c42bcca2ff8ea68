"""Identity: which entries are the same paper (dedupe.py) and the file name each paper gets (slug.py)."""
