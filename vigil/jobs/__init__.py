"""The background jobs: the queue's wiring only (Huey), for the steps of vigil.hotline."""
