"""The reports' rules: the filter and its periods, and the arithmetic of the figures."""
