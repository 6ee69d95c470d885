"""The pipeline in SQL: the board, moves, closing, each deal's own view and settings."""
