"""Every disputed point of claims.csv has a name in words, for panel headings and menus alike."""

from __future__ import annotations

from csto_course.data import load
from csto_course.data.topics import TOPIC_LABELS, topic_choices, topic_label


def test_every_topic_in_claims_has_a_label_of_its_own():
    topics = set(load("claims")["topic"])
    assert topics - set(TOPIC_LABELS) == set(), "add a label to csto_course/data/topics.py"
    assert set(TOPIC_LABELS) - topics == set(), "a label for a topic claims.csv no longer has"
    labels = [TOPIC_LABELS[t] for t in topics]
    assert len(set(labels)) == len(labels), "two topics with one name could not be told apart in a menu"


def test_a_label_is_words_not_an_id():
    assert topic_label("kazakhstan-2022-troops") == "Troops sent to Kazakhstan, January 2022"
    assert topic_label("some-new-topic") == "Some new topic"  # a topic not yet labelled still reads as words


def test_menu_choices_pair_each_label_with_its_topic_in_the_order_of_the_labels():
    choices = topic_choices(["withdrawal-right", "crrf-size", "withdrawal-right"])
    assert choices == [("Rapid Reaction Force (CRRF)", "crrf-size"), ("The right to withdraw", "withdrawal-right")]
