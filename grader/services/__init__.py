"""Grading services: checking a submission, the student's workspace, reports."""
