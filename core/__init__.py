"""Small pieces with no domain knowledge that several apps use: mail, rate limits, client address, redirects."""
