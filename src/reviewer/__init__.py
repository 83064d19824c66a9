"""Product Image Reviewer: keep the product images of a C2C marketplace honest."""

__version__ = "0.1.0"
