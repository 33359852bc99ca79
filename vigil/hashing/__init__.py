"""Turn media into hashes and find known hashes: PDQ and exact signals, hash-list files,
and an exact match index. Usable alone: nothing here but :mod:`vigil.hashing.service`
needs the database."""
