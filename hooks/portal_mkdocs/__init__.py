"""The MkDocs glue: the only code that imports MkDocs. mkdocs.yml loads events.py."""
