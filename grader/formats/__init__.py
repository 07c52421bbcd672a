"""Scorecards in the formats other tools read: GitHub Actions, JUnit XML, Gradescope.

Each is derived from the one scorecard model and nothing else.
"""
