"""The terminal player: plain text, for screen readers and machines without a display."""
