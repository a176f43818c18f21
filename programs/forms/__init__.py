"""Care-program forms: they collect input; the services decide."""
