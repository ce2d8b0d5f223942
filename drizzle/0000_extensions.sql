-- Trigram matching for typo-tolerant municipality search; shipped with PGlite and PostgreSQL contrib.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
