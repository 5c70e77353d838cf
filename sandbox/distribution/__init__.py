"""Building the carrier-sandbox distribution (``make dist``): ``python -m sandbox.distribution DIST``."""
