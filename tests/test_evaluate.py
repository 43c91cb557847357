from dedupe.evaluate import pairwise_scores


def test_perfect_and_split():
    assert pairwise_scores([1, 1, 2], ["a", "a", "b"])["f1"] == 1.0
    s = pairwise_scores([1, 2, 3], ["a", "a", "a"])
    assert s["precision"] == 1.0 and s["recall"] == 0.0 and s["f1"] == 0.0


def test_overmerge():
    s = pairwise_scores([1, 1, 1, 1], ["a", "a", "b", "b"])
    assert s["true_pairs"] == 2 and s["predicted_pairs"] == 6 and s["correct_pairs"] == 2
    assert s["precision"] == round(2 / 6, 4) and s["recall"] == 1.0
