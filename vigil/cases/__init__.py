"""Case work use cases: open, note, task, close, link, import, export. Every door calls these."""
