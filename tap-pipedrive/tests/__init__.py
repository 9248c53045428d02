"""Tests for tap-pipedrive (offline, requests-mock)."""
