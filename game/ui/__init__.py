"""The pygame front end. It drives game.story and holds no story rules of its own."""
