"""The portal's domain: plain Python, no MkDocs. Subpackages by concern, each importing only those below it:
contract < content < outputs < site; importer and editor beside site."""
