"""The demo seed behind `make demo`: two fictional French territories, French and English."""
