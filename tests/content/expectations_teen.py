"""Balance figures and duty rules locked in for reluctant-teen (issue 13, items 3, 4, 5, 7, 10).

Read by tests/content/test_scene_expectations.py, like expectations_content_a.py.
"""

EXPECTATIONS = {
    "reluctant-teen": {
        "format": 2,
        "place": "England",
        "difficulty": "intermediate",
        "duties": {"explain-limits", "tell-before-sharing"},
        "max_pitfalls_to_best": 2,
        "random_best": (0.05, 0.35),
        "min_decisions": 8,
        "min_routes": 2,
        "face_worse_share": 1.0,
        # choices the issue named, and the tag each must keep (the standards' scoring table)
        "tags": {
            # item 5: telling before passing it on is good practice, not rigid protocol
            ("mum", "procedure"): "open-communication",
            ("the-bell", "with-you-in-the-room"): "open-communication",
            ("the-bell", "leave-it-with-me"): "false-reassurance",
            # promising secrecy is a pitfall
            ("the-question", "promise-secret"): "false-reassurance",
            ("asks-again", "promise-now"): "false-reassurance",
            # item 10: getting on well is connection, not common ground
            ("arrive", "chill-adult"): "connection",
            ("drawing", "art-at-college"): "connection",
            ("stays", "skiving-pe"): "connection",
            ("tired", "up-since-five"): "connection",
            ("door-open", "fist-bump"): "connection",
            ("second-quiet", "weekend-plans"): "connection",
        },
        # surface features that must never reach the best ending
        "zero_probes": [
            "always the first option", "always the last option", "always the middle option",
            "always the longest text", "always the shortest text", "always the most words",
            "always the most punctuation", "always the least punctuation",
            'most "you"', 'most "I"', 'always "we" / "together"',
            "always a seek-collaboration", "always a reassurance",
        ],
        # probes still above random play: none (issue 13 item 10 done for this scene)
        "open_probes": set(),
    },
}
