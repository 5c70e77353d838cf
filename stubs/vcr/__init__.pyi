# Type stubs for the part of vcrpy (9.4, pinned in pyproject.toml) that conformance/ uses. vcrpy ships
# no type information and typeshed has no stubs for it, so these are ours: they describe only the
# names we import, and mypy reads them through [tool.mypy] mypy_path. A vcrpy upgrade that changes
# these names is caught by the conformance suite, which uses them on every run.
