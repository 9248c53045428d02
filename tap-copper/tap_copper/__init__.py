"""Singer tap for the Copper CRM developer API."""
