"""The Moderation tab: the queue of flagged listings and one listing, decided by keyboard."""
