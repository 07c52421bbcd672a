"""No fetch_all at all: the file was handed in without a solution."""

NOTES = "I did not get to kata 02."
