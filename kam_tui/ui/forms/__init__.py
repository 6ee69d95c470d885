"""The record form every kind of record is edited in, its fields and its conflict dialog."""
