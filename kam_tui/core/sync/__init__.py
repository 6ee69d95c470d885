"""Sync between a laptop's file and the team's server: per-field last-writer-wins on HLCs."""
