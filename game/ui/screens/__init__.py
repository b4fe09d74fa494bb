"""The screens of the game, one module each; the App keeps them on a stack."""
