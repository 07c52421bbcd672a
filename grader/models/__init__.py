"""Data models: the kata metadata, the record of a scenario, the scorecard."""
