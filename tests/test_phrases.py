"""Cue matching: words as the language packs see them, and phrase lists with stems."""

from newsloom.analyze.phrases import PhraseTable, keys, words


def test_words_keep_offsets_and_fold():
    text = "Η ΕΡΤ μετέδωσε: «Δήλωσε»"
    found = words(text)
    assert [w.key for w in found] == ["η", "ερτ", "μετεδωσε", "δηλωσε"]
    assert all(text[w.start : w.end].lower().startswith(w.key[0]) for w in found)


def test_apostrophes_elisions_and_arabic_vowel_marks():
    assert keys("qu’il a dit à l’Institut, Russia’s") == [
        "qu'il", "a", "dit", "a", "l", "institut", "russia's",
    ]  # fmt: skip
    assert keys("وقال صرّح المتحدث") == ["وقال", "صرح", "المتحدث"]


def test_phrase_table_finds_longest_non_overlapping_matches_per_list():
    table = PhraseTable({
        "verbs": ["said", "confirm*", "told"],
        "relay_to": ["told", "in an interview with"],
        "according_to": ["according to"],
    })  # fmt: skip
    found = table.find(keys("Officials confirmed it, according to AP; he told Reuters in an "
                            "interview with Bloomberg"))  # fmt: skip
    assert found["verbs"] == [(1, 2), (7, 8)]  # "confirmed" by its stem, "told"
    assert found["according_to"] == [(3, 5)]
    assert found["relay_to"] == [(7, 8), (9, 13)]  # one word is in two lists
    assert table.find(keys("confirmation of the report"))["verbs"] == [(0, 1)]
    assert table.find(keys("con the report"))["verbs"] == []
