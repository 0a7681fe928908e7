"""Pieces shared by the ``corpus-tools`` subcommands."""

from __future__ import annotations


def parse_selectors(text: str, option: str) -> dict:
    """``outlet=X,month=2016-03,date=2016-01-01..2016-12-31`` -> a selector dict.

    Parameters
    ----------
    text : str
        ``field=value`` pairs joined by commas; a date range as
        ``date=START..END`` (either end may be empty).
    option : str
        The command-line option's name, for error messages.

    Examples
    --------
    >>> parse_selectors("outlet=Vox,date=2016-01-01..", "target")
    {'outlet': 'Vox', 'date': ('2016-01-01', None)}
    """
    found = {}
    for part in text.split(","):
        field, sep, value = part.partition("=")
        field, value = field.strip(), value.strip()
        if not sep or not field:
            raise ValueError(f"--{option} must be field=value pairs joined by commas "
                             f"(e.g. outlet=X,month=2016-03). Got {text!r}.")
        if field == "date":
            start, dots, end = value.partition("..")
            if not dots:
                raise ValueError(f"--{option}: a date selector is date=START..END. Got {value!r}.")
            found["date"] = (start or None, end or None)
        else:
            found[field] = value
    return found
