"""Two operators cosmic-ray lacks: swap min and max, and return None instead of a value."""

from __future__ import annotations

from parso.python.tree import Keyword, Name

from cosmic_ray.operators.operator import Example, Operator

_SWAPS = {"min": "max", "max": "min"}


class SwapMinMax(Operator):
    """Call max where the code calls min, and min where it calls max."""

    def mutation_positions(self, node):
        if isinstance(node, Name) and node.value in _SWAPS and _is_called(node):
            yield (node.start_pos, node.end_pos)

    def mutate(self, node, index):
        node.value = _SWAPS[node.value]
        return node

    @classmethod
    def examples(cls):
        return (Example("x = min(a, b)", "x = max(a, b)"), Example("x = max(a)", "x = min(a)"))


class ReturnNone(Operator):
    """Return None where a function returns a value."""

    def mutation_positions(self, node):
        if node.type == "return_stmt" and len(node.children) == 2:
            value = node.children[1]
            if not (isinstance(value, Keyword) and value.value == "None"):
                yield (node.start_pos, node.end_pos)

    def mutate(self, node, index):
        value = node.children[1]
        none = Keyword("None", value.start_pos, prefix=value.get_first_leaf().prefix)
        none.parent = node
        node.children[1] = none
        return node

    @classmethod
    def examples(cls):
        return (Example("def f():\n    return a + 1\n", "def f():\n    return None\n"),)


def _is_called(name: Name) -> bool:
    """Tell whether the name is the callee of a call (`min(...)`), not an attribute or a variable."""
    parent = name.parent
    if parent is None or parent.type not in ("power", "atom_expr") or parent.children[0] is not name:
        return False
    trailer = parent.children[1]
    return trailer.type == "trailer" and trailer.children[0].value == "("


class OperatorProvider:
    """The `kam/...` operators, found by cosmic-ray through its entry point."""

    _operators = {op.__name__: op for op in (SwapMinMax, ReturnNone)}

    def __iter__(self):
        return iter(self._operators)

    def __getitem__(self, name):
        return self._operators[name]
