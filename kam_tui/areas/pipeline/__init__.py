"""The pipeline board of the six purchasing stages, each deal's history, scorecard and checklist."""
