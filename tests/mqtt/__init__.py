"""Integration tests of the lane <-> station link against a real broker."""
