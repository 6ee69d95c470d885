"""The customer cards' screens: the account list, the card, the account picker, suggestions."""
