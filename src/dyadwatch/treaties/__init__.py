"""treaties stage."""
