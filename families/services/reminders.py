"""Services for reminders."""
