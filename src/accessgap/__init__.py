"""Model Access Gap Registry tools."""

__version__ = "0.1.0"
