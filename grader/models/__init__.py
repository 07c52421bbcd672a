"""Data models: the kata metadata, the child's observations, the scorecard."""
