"""The database: models, opening and upgrading the file, the record engine, settings, SQL helpers."""
