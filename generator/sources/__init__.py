"""Sources: where listings come from: files in abstracts/ (files.py), text or arXiv ids added from
the command line (add.py, arxiv.py)."""
