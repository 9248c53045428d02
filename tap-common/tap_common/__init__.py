"""Shared by this repository's taps where singer-sdk has nothing: client-side rate limiting."""
