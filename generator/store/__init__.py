"""Store: pages on disk (pages.py: read and split once), the notes-preserving merge (blocks.py),
atomic writes, the run lock and the record of what was written (files.py), and the no-op cache."""
