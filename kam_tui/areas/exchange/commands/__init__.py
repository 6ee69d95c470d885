"""Command-line commands of the exchange area."""
