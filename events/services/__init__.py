"""Writes for the public summit, by concern: sign-ups and the door, the live-question room, the press room."""
