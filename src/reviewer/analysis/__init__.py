"""Seeing why (Qt-free): class-activation heat maps, the 2-D catalogue map, and
probability calibration (temperature scaling, ECE, reliability, PR curves)."""
