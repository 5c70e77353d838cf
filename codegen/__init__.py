"""Spec normalization and client generation: specs/<provider>/ -> generated/<provider>/.

The pipeline, one module a step:

* ``providers``  reads codegen/providers.yaml and each provider's sources.yaml;
* ``sources``    loads the vendor's files (whole OpenAPI documents, or the OpenAPI
                 fragment at the end of a docs page) with line numbers kept;
* ``merge``      merges fragments into one document and keeps only the operations in scope;
* ``overlay``    applies an OpenAPI Overlay 1.0 document, strictly;
* ``normalize``  runs the steps above and validates, writing specs/<provider>/openapi.yaml;
* ``render``     drives openapi-python-client with our templates, then ruff, into a temp dir;
* ``generate``   swaps a fresh rendering into generated/, or compares it (``--check``).
"""
