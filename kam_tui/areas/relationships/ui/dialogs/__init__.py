"""The relationship map's small pickers and prompts."""
