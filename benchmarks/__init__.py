"""Benchmarks of Briefing Viewer: ``make bench`` runs ``benchmarks/run.py``.

Not part of ``make test``; ``tests/test_benchmarks_smoke.py`` only checks that
the pieces import and that the synthetic package generator works.
"""
