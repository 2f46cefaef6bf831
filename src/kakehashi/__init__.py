"""Kakehashi (架け橋): open innovation between corporations in Japan and technology companies in Israel."""

__version__ = "0.1.0"
