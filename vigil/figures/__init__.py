"""The yearly figures, as SQL aggregates over the store (what `vigil stats` prints)."""
