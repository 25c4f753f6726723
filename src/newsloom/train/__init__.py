"""Training data readers and trainers for the models newsloom ships."""
