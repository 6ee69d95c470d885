"""The SQL of an import: duplicate matching and import batches."""
