"""Mesa agents of the AI race: states, corporations (AI labs, chip vendors) and investors."""
