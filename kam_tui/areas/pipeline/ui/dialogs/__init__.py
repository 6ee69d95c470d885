"""The pipeline's dialogs: stage moves, lost reasons, scorecard, stall days, win rate."""
