"""eventrules: code news text into CAMEO political events with testable rules.

>>> import eventrules
>>> rules = eventrules.load_rules("rules/example/shipments.yaml")
>>> events = rules.extract("Iran shipped 300 boxes of ammunition to Russia "
...                        "between March 3 and April 20, 2023.", date="2023-10-13")
>>> events[0]["code"], events[0]["source"]["code"], events[0]["target"]["code"]
('072', 'IRN', 'RUS')
"""

from eventrules.document import Document
from eventrules.errors import Diagnostic, Location, RuleError
from eventrules.ruleset import RuleSet, load_rules

__version__ = "0.1.0"

__all__ = ["Diagnostic", "Document", "Location", "RuleError", "RuleSet", "load_rules"]
