"""Province-scale benchmarks: `python bench/run.py --scale demo|province` (see run.py)."""
