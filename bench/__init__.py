"""Benchmarks: measured by ``make bench``, never asserted in tests."""
