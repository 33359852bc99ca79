"""The audit log: append-only, hash-chained. Doors record what people do; `vigil audit
verify` checks that nobody changed what was recorded."""
