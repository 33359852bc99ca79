"""The abuse-material hotline: reports in, media fetched, hashed and matched, kept
sealed for review, notices out."""
