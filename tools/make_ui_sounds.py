"""Synthesise Rapport's soft interface sounds into assets/sounds/ (our own work, CC0).

Usage (from the repository root):  python tools/make_ui_sounds.py [OUT_DIR]

Each sound is a few sine partials with a gentle attack and a long exponential fade, kept
quiet (peaks around -20 dBFS) so the game's volume setting starts from something calm.
The output is deterministic: running the script again gives the same bytes.
"""

from __future__ import annotations

import math
import struct
import sys
import wave
from pathlib import Path

RATE = 44100


def tone(notes: list[tuple[float, float, float]], length: float, peak_db: float,
         decay: float, partials: tuple[tuple[float, float], ...] = ((1.0, 1.0), (2.0, 0.18)),
         glide: float = 0.0) -> list[float]:
    """Mix notes (frequency Hz, start s, gain) into one buffer of floats in -1..1.

    decay is the time constant of the fade in seconds; glide bends each note's pitch by
    that fraction over its life (a small negative glide sounds like a soft "down" step).
    """
    n = int(length * RATE)
    out = [0.0] * n
    for freq, start, gain in notes:
        first = int(start * RATE)
        phase = 0.0
        for i in range(first, n):
            t = (i - first) / RATE
            attack = 0.5 - 0.5 * math.cos(math.pi * min(1.0, t / 0.006))
            env = attack * math.exp(-t / decay)
            f = freq * (1.0 + glide * min(1.0, t / max(1e-6, length - start)))
            phase += 2 * math.pi * f / RATE
            out[i] += gain * env * sum(a * math.sin(k * phase) for k, a in partials)
    # A short fade at the very end so nothing clicks when the sound stops.
    tail = int(0.02 * RATE)
    for i in range(max(0, n - tail), n):
        out[i] *= (n - i) / tail
    loudest = max(abs(v) for v in out) or 1.0
    scale = 10 ** (peak_db / 20) / loudest
    return [v * scale for v in out]


def write_wav(path: Path, samples: list[float]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    frames = b"".join(struct.pack("<h", max(-32767, min(32767, round(v * 32767))))
                      for v in samples)
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(frames)


SOUNDS = {
    # A choice made: two soft notes a fifth apart, like a felt-covered mallet.
    "choice.wav": lambda: tone([(587.33, 0.0, 1.0), (880.0, 0.045, 0.7)], 0.42, -20.0, 0.11),
    # Page advance: one short, low, slightly falling tap.
    "advance.wav": lambda: tone([(440.0, 0.0, 1.0)], 0.16, -24.0, 0.045,
                                partials=((1.0, 1.0), (3.0, 0.05)), glide=-0.06),
    # An ending reached: a slow, quiet rising triad.
    "chime.wav": lambda: tone([(523.25, 0.0, 0.9), (659.25, 0.12, 0.8), (783.99, 0.24, 0.8)],
                              1.3, -21.0, 0.38),
}


def main(argv: list[str]) -> int:
    out_dir = Path(argv[1]) if len(argv) > 1 else \
        Path(__file__).resolve().parents[1] / "assets" / "sounds"
    for name, make in SOUNDS.items():
        write_wav(out_dir / name, make())
        print(f"wrote {out_dir / name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
