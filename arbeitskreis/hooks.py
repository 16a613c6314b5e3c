"""Hooks: how an earlier app asks the later ones for what they know, without importing them.

The apps import each other in one direction only: ``outbox`` and ``documents`` at the bottom, then
members → meetings → findings → minutes, and the core (``arbeitskreis``) composing them. Where an earlier app's
page or write needs a later app (a participant's page lists the content gaps they raised; an erasure must reach
the names the findings app copied), the earlier app declares a :class:`Hook` next to the code that calls it,
a later app offers a plain function, and ``arbeitskreis/wiring.py`` connects the two — in one place, with
top-level imports, so that who depends on whom can be read there.
"""


class Hook:
    """A named list of functions, called in the order they were connected."""

    def __init__(self, name: str):
        self.name = name
        self.functions = []

    def __repr__(self):
        return f"<Hook {self.name}: {[function.__qualname__ for function in self.functions]}>"

    def connect(self, function):
        """Add ``function`` (once; connecting it again changes nothing). Returns it, so it can decorate."""
        if function not in self.functions:
            self.functions.append(function)
        return function

    def __call__(self, *args, **kwargs) -> list:
        """The results of every connected function, in order."""
        return [function(*args, **kwargs) for function in self.functions]

    def merged(self, defaults: dict, *args, **kwargs) -> dict:
        """``defaults`` updated with the dict every connected function returns (e.g. named lists for a page)."""
        result = dict(defaults)
        for part in self(*args, **kwargs):
            result.update(part)
        return result
