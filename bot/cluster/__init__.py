"""Several citebot processes sharing one PostgreSQL database, kept in step (NOTIFY)."""
