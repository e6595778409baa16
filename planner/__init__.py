"""planner: help an association leave a social network well.

The package is a library with a thin command line on top (``planner.cli``).
The data flows one way: a decision file is loaded and validated
(:mod:`planner.decision`), turned into a dated plan (:mod:`planner.timeline`),
and everything else reads that plan.
"""

__version__ = "0.1.0"
