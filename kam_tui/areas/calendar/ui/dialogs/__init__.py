"""The calendar's dialogs: completing, rescheduling and skipping a revisit."""
