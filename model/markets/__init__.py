"""Markets of the AI-race world: chips, power and build-out, capital, AI services."""
