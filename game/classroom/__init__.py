"""Classroom sessions: class votes from phones (vote server, tally, QR code for joining)."""
