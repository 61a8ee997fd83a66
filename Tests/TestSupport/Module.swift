// Placeholder until the local test servers land.
