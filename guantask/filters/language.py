"""The filter language (`guantask filter EXPR...`) → a typed filter; pure, no SQL, no clock.

Two steps: `parse_filter` (`filters.parser`) turns shell words into a syntax tree (Term, Flag,
Text, Not, And, Or; `filters.syntax`) and reports syntax errors with their 1-based position in the
words joined by spaces; `bind` (`filters.binding`) checks every value and makes it typed (names →
ids through a callback, dates → ISO strings, numbers → ints, statuses and lights → their codes).
`list` options go through the same `bind` via `terms_expr`. The SQL is compiled in
`guantask.store.filters`; the help text is `filters.help`. This module is the language's public
face: code outside `filters/` imports from here.
"""

from guantask.filters.binding import Resolver, bind
from guantask.filters.parser import parse_filter, terms_expr
from guantask.filters.syntax import (
    And,
    BoundExpr,
    Compare,
    Contains,
    Expr,
    Flag,
    IdsTerm,
    Node,
    Not,
    Or,
    Term,
    Text,
)

__all__ = [
    "And",
    "BoundExpr",
    "Compare",
    "Contains",
    "Expr",
    "Flag",
    "IdsTerm",
    "Node",
    "Not",
    "Or",
    "Resolver",
    "Term",
    "Text",
    "bind",
    "parse_filter",
    "terms_expr",
]
