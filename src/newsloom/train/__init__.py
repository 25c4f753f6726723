"""Training the models newsloom ships: the corpora they may learn from, how to read them, and
the trainers (`python -m newsloom.train ner --lang LANG --corpus NAME=PATH`)."""
