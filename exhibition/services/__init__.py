"""Writes for the exhibition, by concern: editions (the compile), printing (posters, catalogue) and showings."""
