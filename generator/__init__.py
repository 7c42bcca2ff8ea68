"""paperlist: pasted paper listings in, an annotated MkDocs Material site out."""

__version__ = "0.1.0"
