"""The command-line door: reads arguments, calls the use cases, prints results,
exits non-zero on error."""
