"""Data files shipped with target-hull (free-mail domains)."""
