"""Generators of sample data: the demo database and the synthetic databases of the benchmarks."""
