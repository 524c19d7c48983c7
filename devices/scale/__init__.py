"""Bagging scales: Toledo 8217 and MT-SICS drivers, their codecs and a simulator.

``driver`` holds the drivers (``Toledo8217Scale``, ``MtSicsScale``),
``toledo8217`` and ``mtsics`` the wire codecs both drivers and ``sim`` share.
"""
