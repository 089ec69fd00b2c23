"""Writes for declarations, by concern: texts and amendments, signing, pledges, printing."""
