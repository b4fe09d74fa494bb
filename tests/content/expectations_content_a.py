"""Balance figures and duty rules locked in for content-a's scenes (issue 13).

One entry per scene, so that an edit that quietly undoes a fix fails a test. content-b keeps its
own file; the test reads every ``expectations_*.py`` module in this folder.
"""

EXPECTATIONS = {
    "grief-home-visit": {
        "format": 2,
        "place": "England",
        "difficulty": "advanced",
        "duties": {"ask-about-suicide", "means-safety", "crisis-contact", "tell-before-sharing"},
        "max_pitfalls_to_best": 2,
        "random_best": (0.05, 0.35),
        "min_decisions": 8,
        "min_routes": 2,
        "face_worse_share": 1.0,
        # choices the issue named, and the tag each must keep (the standards' scoring table)
        "tags": {
            ("means", "take-them-now"): "rushing",
            ("says-no-asked", "relief"): "false-reassurance",
            ("plan-answer", "ring-crisis-together"): "open-communication",
            ("plan-answer", "straight-to-phone"): "rigid-protocol",
            ("plan-answer", "between-us"): "false-reassurance",
        },
        # surface features that must never reach the best ending
        "zero_probes": [
            "always the first option", "always the last option", "always the middle option",
            "always the longest text", "always the shortest text", "always the most words",
            "always the most punctuation", "always the least punctuation",
            "never a question mark", 'most "you"',
            "always a seek-collaboration", "always a reassurance",
        ],
        # probes above random play (issue 13 item 10): none since round 5 (grief-b); the set may
        # only shrink
        "open_probes": set(),
    },
}
