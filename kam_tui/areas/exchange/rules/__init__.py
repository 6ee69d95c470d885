"""Pure rules of an import: columns, values, names; no database, no UI."""
