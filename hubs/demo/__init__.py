"""The demo summit, loaded by `manage.py seed_demo`: Düsseldorf 2019, its cities and topics, demo content in every
app and demo accounts. Every loader is safe to run again: it updates in place."""
