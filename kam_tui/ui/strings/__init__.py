"""UI strings of each working area, kept apart so areas can grow without touching each other."""
