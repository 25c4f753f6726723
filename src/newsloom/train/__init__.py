"""Training the models newsloom ships: the corpora they may learn from and how to read them."""
