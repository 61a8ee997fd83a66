// Placeholder until the work queue lands.
