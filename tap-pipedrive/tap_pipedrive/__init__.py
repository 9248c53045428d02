"""Singer tap for Pipedrive."""
