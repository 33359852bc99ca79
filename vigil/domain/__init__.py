"""Pure rules of case work: no I/O, no framework.

Everything may import it; it imports nothing of Vigil's but the error tree."""
