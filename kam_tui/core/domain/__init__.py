"""The trade's shared rules and vocabulary, pure Python: no database, no UI."""
