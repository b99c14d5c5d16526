"""Error types shared by every layer: bad user input that the CLI reports without a traceback."""


class InputError(ValueError):
    """Bad user input (file, key, value); the command line prints it and exits with code 2."""
