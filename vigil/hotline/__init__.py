"""The abuse-material hotline: reports in, media fetched, hashed and matched, notices out."""
