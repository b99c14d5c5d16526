"""The interactive scenario explorer (``airace explore``): a local Solara web app that runs a
setting of the levers against its reference scenario with common random numbers."""
