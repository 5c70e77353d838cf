"""Benchmarks: generation speed and scaling, client overhead, bulk throughput, conformance time.

``make bench`` (``python -m bench``) runs every section once, prints a table of ratios measured
in that one run, and writes bench/RESULTS.md. Nothing here is a timed test: the goals are
reported as PASS/MISS rows, and ``bench/tests`` only checks that the code runs.
"""
