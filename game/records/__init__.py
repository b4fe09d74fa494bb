"""Records for the course around the game: the class report, rubrics and xAPI statements.

Pure Python: nothing here imports the window. Figures come from the story core's debrief data.
"""
