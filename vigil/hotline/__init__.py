"""The abuse-material hotline: reported URLs in, media fetched without letting the fetcher
be turned against our own network, pages read for media.

- :mod:`vigil.hotline.urls`: reported URLs in one canonical spelling;
- :mod:`vigil.hotline.addresses`: which IP addresses may be reached, and by which rule not;
- :mod:`vigil.hotline.fetching`: the fetcher (one resolution, checked addresses, limits);
- :mod:`vigil.hotline.pages`: reading an HTML page for the media and links it holds;
- :mod:`vigil.hotline.walking`: the walk of one reported URL, its pages and its media.

Nothing here touches the database: the pipeline (intake, jobs, hashing, triage) calls these
and stores what they return. docs/hotline.md describes the rules.
"""
