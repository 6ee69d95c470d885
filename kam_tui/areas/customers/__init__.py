"""Customer cards (客户资料卡): the account list, the card and its records, classifications."""
