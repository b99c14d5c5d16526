"""Experiments: scenarios, study files, designs, the Ray runner and the result store."""
