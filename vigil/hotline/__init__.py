"""The abuse-material hotline: reported URLs in, media fetched, hashed, matched and kept."""
