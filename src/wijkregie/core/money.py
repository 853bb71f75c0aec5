"""Amounts are kept in euro cents; people read them the Dutch way."""


def euros(cents: int | None) -> str:
    """€ 1.234,56: Dutch thousands and decimal separators; nothing for no amount."""
    if cents is None:
        return ""
    sign = "-" if cents < 0 else ""
    whole, rest = divmod(abs(cents), 100)
    return f"{sign}€ {whole:,}".replace(",", ".") + f",{rest:02d}"
