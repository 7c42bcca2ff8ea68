"""Site: what the generator writes for MkDocs: paper pages (paper.py), index pages (index.py),
exports (exports.py, bibtex_out.py), the YAML emitter, the generated parts of mkdocs.yml
(config_sync.py), and publishing the built site (deploy.py)."""
