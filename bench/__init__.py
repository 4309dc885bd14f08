"""`make bench` (bench/run.py) and its helpers; never installed as an app."""
