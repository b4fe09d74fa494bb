"""Balance figures and duty rules locked in for interpreter-newcomer (issue 13, items 2, 4 and 10).

Read by tests/content/test_scene_expectations.py, like expectations_content_a.py and
expectations_teen.py; tests/content/test_interp_rules.py reads DUTY_RULES and ENDING_PATHS.
"""

EXPECTATIONS = {
    "interpreter-newcomer": {
        "format": 2,
        "place": "England",
        "difficulty": "advanced",
        "duties": {"explain-limits", "child-alone", "tell-before-sharing", "check-understanding"},
        "max_pitfalls_to_best": 2,
        "random_best": (0.05, 0.35),
        "min_decisions": 8,
        "min_routes": 2,
        "face_worse_share": 1.0,
        # choices the issue named, and the tag each must keep (the standards' scoring table)
        "tags": {
            # item 2: a plan that leaves the early hours to a ten-year-old is not a plan
            ("gap-plan", "breakfast-club-fixes"): "rushing",
            ("gap-plan", "cover-the-hours"): "common-ground",
            ("gap-plan", "what-tried"): "be-present",
            ("mornings-told", "lots-of-families"): "false-reassurance",
            # item 4: telling her you must consult is good practice, the same as in the other scenes
            ("mornings-told", "must-consult-now"): "open-communication",
            ("mornings-guarded", "must-consult-guarded"): "open-communication",
            ("follow-up", "tell-and-invite"): "open-communication",
            ("follow-up", "tell-plainly"): "open-communication",
            ("follow-up", "read-it-to-you"): "open-communication",
            # promising secrecy, however it is phrased, is a pitfall
            ("why-here", "promise-safe"): "false-reassurance",
            ("follow-up", "between-us"): "false-reassurance",
            # item 10: the kind of a response says nothing about its quality
            ("about-jawad", "attendance-law"): "lecturing",  # an open question that judges
            ("mornings-told", "write-it-down"): "judging",  # a silence read as judgement
            ("follow-up", "turn-the-page"): "rushing",  # a silence that avoids her question
            ("plan", "go-over-it-all"): "lecturing",  # information instead of a check
            ("why-here", "not-about-taking"): "open-communication",  # reassurance that is true
            ("gap-plan", "later-shift"): "common-ground",  # advice with permission
            ("about-jawad", "lovely-boy"): "rushing",  # praise that moves past what she said
        },
        # surface features that must never reach the best ending
        "zero_probes": [
            "always the first option", "always the last option", "always the middle option",
            "always the longest text", "always the shortest text", "always the most words",
            "always the most punctuation", "always the least punctuation",
            "never a question mark", 'most "you"', 'most "I"', 'always "we" / "together"',
            "always the client's name", 'always "it sounds like" / "it seems"',
            "always a seek-collaboration", "always a giving-information", "always a silence",
            "always a closed-question", "always an exclamation mark",
        ],
        # every probe is at or below random play (issue 13 item 10 done for this scene)
        "open_probes": set(),
    },
}

# Duty rules: which choices meet which duty; the best and good endings need every duty raised.
DUTY_RULES = {
    "child-alone": {
        "meets": {("gap-plan", "cover-the-hours"), ("gap-plan", "what-tried"), ("gap-plan", "later-shift")},
        "never": {("gap-plan", "breakfast-club-fixes"), ("mornings-told", "lots-of-families")},
    },
    "tell-before-sharing": {
        "meets": {("mornings-told", "must-consult-now"), ("mornings-guarded", "must-consult-guarded"),
                  ("follow-up", "tell-and-invite"), ("follow-up", "tell-plainly"), ("follow-up", "read-it-to-you")},
        "never": {("follow-up", "between-us"), ("follow-up", "turn-the-page")},
    },
    "explain-limits": {
        "meets": {("why-here", "plain-words"), ("why-here", "ask-first"), ("why-here", "not-about-taking"),
                  ("jargon-repair", "say-it-plainly")},
        "never": {("why-here", "promise-safe"), ("why-here", "jargon")},
    },
    "check-understanding": {
        "meets": {("plan", "teach-back"), ("plan", "which-part")},
        "never": {("plan", "do-you-understand"), ("plan", "go-over-it-all")},
    },
}

# One played path to every ending (choice ids in order), replayed after every edit.
ENDING_PATHS = {
    "her-own-words": [
        "brief introduce-directly plain-words week-question ask-farida reflect-cost her-view name-it-honestly "
        "what-tried tell-and-invite teach-back ask-preferences",
        # a second route: other kinds, the consultation named at once, advice with permission
        "seating found-us not-about-taking wait-for-more keep-in-room book-for-you eleven-years must-consult-now "
        "later-shift read-it-to-you which-part same-again",
    ],
    "mornings-covered": [
        # every duty met, but three pitfalls on the way
        "culture-tips through-interpreter plain-words attendance-law keep-in-room curious her-view reflect-managing "
        "what-tried tell-plainly teach-back ask-preferences",
    ],
    "promised-next-week": [
        # the consultation named, then secrecy promised anyway: no good ending survives it
        "brief introduce-directly plain-words week-question ask-farida reflect-cost her-view must-consult-now "
        "what-tried between-us teach-back ask-preferences",
    ],
    "mornings-uncovered": [
        "brief introduce-directly plain-words week-question ask-farida reflect-cost her-view on-your-own "
        "breakfast-club-fixes tell-plainly teach-back ask-preferences",
    ],
    "polite-yes": [
        "brief introduce-directly plain-words week-question ask-farida reflect-cost her-view on-your-own "
        "what-tried turn-the-page teach-back ask-preferences",
    ],
    "empty-chair": [
        "culture-tips through-interpreter jargon leaflet-first attendance-law rebuke move-on women-work fine-then "
        "what-tried turn-the-page do-you-understand assume-female",
    ],
}
