"""The demo business, Harbor Bikes & Outdoor: a deterministic, realistic data set.

`load_demo(now=...)` creates it once through the domain services; see `loader.STEPS` for
how later features add their own demo data.
"""
