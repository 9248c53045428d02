"""The profile store: SQLAlchemy tables, engine set-up and locking (SQLite or PostgreSQL)."""
