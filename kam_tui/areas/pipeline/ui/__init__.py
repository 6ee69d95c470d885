"""The pipeline's screens and widgets: the board, a deal's own view, the closed list."""
