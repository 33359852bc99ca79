"""Accounts: who may sign in, with which second factor, in which roles; API tokens; and
which workers may see a restricted file. Every door (web, CLI) calls these use cases."""
