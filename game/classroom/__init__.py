"""Classroom sessions: ClassRun (run.py) plays an encounter with a class and keeps its record
(record.py); class votes from phones (vote server, tally, QR code for joining) or by hand."""
