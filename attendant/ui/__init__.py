"""The attendant station's screen: lane tiles, the intervention queue, sign-in, shift figures.

Only presentation and input: what it knows comes from ``attendant.model``, what
it does goes through an ``attendant.station.StationPort``.
"""
