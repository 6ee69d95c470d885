"""Unit tests of the load numbering that keeps old worker answers off the screen."""

from kam_tui.ui.kit.load_order import LoadOrder


def test_answers_arriving_in_order_are_all_shown():
    order = LoadOrder()
    first, second = order.next(), order.next()
    assert order.accept(first)
    assert order.accept(second)


def test_an_older_answer_after_a_newer_one_is_dropped():
    order = LoadOrder()
    old, new = order.next(), order.next()
    assert order.accept(new)
    assert not order.accept(old)
    assert order.accept(order.next())


def test_the_same_answer_twice_is_still_current():
    order = LoadOrder()
    number = order.next()
    assert order.accept(number) and order.accept(number)


def test_settled_only_once_the_newest_request_is_answered():
    order = LoadOrder()
    assert order.settled()
    old, new = order.next(), order.next()
    assert not order.settled()
    order.accept(old)
    assert not order.settled()
    order.accept(new)
    assert order.settled()
