"""The web door: pages for people, /api/v1 for programs. Both call the same use cases as
the command line; this package only reads input, checks who is asking, and shows results."""
