"""build_contacts against the plain pair-by-pair clustering it replaced.

``reference_contacts`` below is the former implementation, kept verbatim as the
specification: every join in order, strongest first.  build_contacts joins most
components at once and only the rest in order; on random graphs full of vetoes,
weak chains, shared sources and reviewers' links both must give the same labels,
the same attached pairs and the same skipped must-links.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pytest

from dedupe.cluster import _ATTACH_MARGIN, build_contacts, components

VETO = -6.0


# --- the former implementation, the specification -------------------------------------

class _RefClusters:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.members: dict[int, list[int]] = {i: [i] for i in range(n)}

    def find(self, i: int) -> int:
        root = i
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[i] != root:
            self.parent[i], i = root, self.parent[i]
        return root

    def union(self, a: int, b: int) -> None:
        if len(self.members[a]) < len(self.members[b]):
            a, b = b, a
        self.parent[b] = a
        self.members[a].extend(self.members.pop(b))


def reference_contacts(n: int, left: np.ndarray, right: np.ndarray, weight: np.ndarray,
                   decision: np.ndarray, veto_weight: float, weak: np.ndarray | None = None,
                   evidence: np.ndarray | None = None, possible: np.ndarray | None = None,
                   attach_weight: float = 8.0, sources: np.ndarray | None = None,
                   must_link: np.ndarray | None = None, cannot_link: np.ndarray | None = None,
                   skipped: dict[int, int] | None = None) -> np.ndarray:
    """The former build_contacts, join by join (its docstring gives the parameters)."""
    clusters = _RefClusters(n)
    held: dict[int, set[int]] | None = None if sources is None else {i: {int(sources[i])} for i in range(n)}
    vetoes: dict[int, list[int]] = defaultdict(list)
    for a, b in zip(left[weight < veto_weight], right[weight < veto_weight], strict=True):
        vetoes[int(a)].append(int(b))
        vetoes[int(b)].append(int(a))
    cannot: dict[int, list[tuple[int, int]]] = defaultdict(list)  # record → (other record, decision)
    for c, (a, b) in enumerate(np.zeros((0, 2), np.int64) if cannot_link is None else cannot_link):
        cannot[int(a)].append((int(b), c))
        cannot[int(b)].append((int(a), c))
        vetoes[int(a)].append(int(b))  # a reviewer's veto holds in every later join
        vetoes[int(b)].append(int(a))
    for m, (a, b) in enumerate(np.zeros((0, 2), np.int64) if must_link is None else must_link):
        ra, rb = clusters.find(int(a)), clusters.find(int(b))
        if ra == rb:
            continue
        small, other = (ra, rb) if len(clusters.members[ra]) <= len(clusters.members[rb]) else (rb, ra)
        stop = next((c for i in clusters.members[small] for j, c in cannot.get(i, ()) if clusters.find(j) == other),
                    None)
        if stop is not None:
            if skipped is not None:
                skipped[m] = stop
            continue
        if held is not None:  # a reviewer may join two records of one source
            joined = held.pop(ra) | held.pop(rb)
        clusters.union(ra, rb)
        if held is not None:
            held[clusters.find(ra)] = joined
    match = np.flatnonzero(decision == "match")
    order = match[np.lexsort((right[match], left[match], -weight[match]))]
    for k in order:
        ra, rb = clusters.find(int(left[k])), clusters.find(int(right[k]))
        if ra == rb:
            continue
        small, other = (ra, rb) if len(clusters.members[ra]) <= len(clusters.members[rb]) else (rb, ra)
        if any(clusters.find(j) == other for i in clusters.members[small] for j in vetoes.get(i, ())):
            continue
        if held is not None:
            if held[ra] & held[rb]:
                continue
            joined = held.pop(ra) | held.pop(rb)
        clusters.union(ra, rb)
        if held is not None:
            held[clusters.find(ra)] = joined
    if weak is not None and evidence is not None:
        ok = possible if possible is not None else np.ones(len(left), dtype=bool)
        attached = _attach_weak(clusters, left[ok], right[ok], decision[ok], weak, vetoes, evidence[ok],
                                attach_weight, held)
        decision[np.flatnonzero(ok)[attached]] = "match"
    labels = np.empty(n, dtype=np.int64)
    for members in clusters.members.values():
        labels[members] = min(members)
    return labels


def _attach_weak(clusters: _RefClusters, left: np.ndarray, right: np.ndarray, decision: np.ndarray,
                 weak: np.ndarray, vetoes: dict[int, list[int]], evidence: np.ndarray,
                 attach_weight: float, held: dict[int, set[int]] | None = None) -> np.ndarray:
    """Attach lone fragments — records with only a surname or no name (王总, a bare
    mobile), or a cluster made only of such records — to the contact they must be.

    Their pairs rarely reach 'match' on their own: the prior says a random pair
    is almost never a match.  But such a fragment is usually someone in the file,
    so what counts is how the candidates compare: every contact reached by a pair
    whose field weights (``evidence``, the prior left out) reach ``attach_weight``
    is a candidate if it holds one record that is not a fragment, and the
    fragment joins the best one if it beats the runner-up
    by ``_ATTACH_MARGIN`` bits (19 to 1).  Two 王 at the company equally likely:
    it stays alone for a reviewer.  With ``held`` (the sources in each cluster) a
    fragment never brings a second record of a source into a contact.  Returns the
    positions of the attaching pairs.
    """
    candidates = np.flatnonzero(evidence >= attach_weight)
    by_record: dict[int, list[int]] = defaultdict(list)
    for k in candidates:
        a, b = int(left[k]), int(right[k])
        if weak[a]:
            by_record[a].append(k)
        if weak[b]:
            by_record[b].append(k)
    attached: list[int] = []
    done: set[int] = set()
    for r in sorted(by_record):
        root_r = clusters.find(r)
        if root_r in done:
            continue
        done.add(root_r)
        members = clusters.members[root_r]
        if not all(weak[m] for m in members):
            continue  # already part of someone named
        best: dict[int, tuple[float, list[int]]] = {}
        for m in members:
            for k in by_record.get(m, ()):
                other = int(right[k]) if int(left[k]) == m else int(left[k])
                root = clusters.find(other)
                if root == root_r or all(weak[x] for x in clusters.members[root]):
                    continue  # two fragments ('张伟, 广州' twice) give nothing to tie them together
                score, ks = best.get(root, (-np.inf, []))
                best[root] = (max(score, float(evidence[k])), [*ks, k])
        if not best:
            continue
        ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], kv[0]))
        if len(ranked) > 1 and ranked[0][1][0] - ranked[1][1][0] < _ATTACH_MARGIN:
            continue
        root, (_, ks) = ranked[0]
        if any(clusters.find(j) == root for m in members for j in vetoes.get(m, ())):
            continue
        if held is not None:  # linked deduplicated sources: one record per source in a contact
            if held[root] & held[root_r]:
                continue
            joined = held.pop(root) | held.pop(root_r)
        clusters.union(root_r, root)
        if held is not None:
            held[clusters.find(root)] = joined
        attached.extend(k for k in ks if decision[k] != "match")
    return np.array(sorted(attached), dtype=np.int64)




# --- components --------------------------------------------------------------------------

def test_components_label_each_node_by_its_smallest_node() -> None:
    # a long chain in reverse order needs several rounds of propagation
    a = np.arange(9, 0, -1)
    assert components(12, a, a - 1).tolist() == [0] * 10 + [10, 11]
    assert components(6, np.array([5, 2, 4]), np.array([3, 4, 0])).tolist() == [0, 1, 0, 3, 0, 3]
    assert components(3, np.zeros(0, np.int64), np.zeros(0, np.int64)).tolist() == [0, 1, 2]


@pytest.mark.parametrize("seed", range(20))
def test_components_match_a_union_find(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 60))
    a, b = rng.integers(0, n, size=(2, int(rng.integers(0, 80))))
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for x, y in zip(a.tolist(), b.tolist(), strict=True):
        rx, ry = find(x), find(y)
        parent[max(rx, ry)] = min(rx, ry)
    assert components(n, a, b).tolist() == [find(i) for i in range(n)]


# --- build_contacts against the reference -------------------------------------------------

def random_case(seed: int) -> dict:
    """A small dense graph: strong and weak matches, vetoes, reviews among fragments."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 40))
    k = int(rng.integers(1, 4 * n))
    left = rng.integers(0, n, size=k)
    right = rng.integers(0, n, size=k)
    keep = left != right
    left, right = np.minimum(left, right)[keep], np.maximum(left, right)[keep]
    # few distinct weights: ties in the order of joins are broken by position
    weight = rng.choice([-20.0, -8.0, -6.0, 0.0, 6.0, 9.0, 12.0, 12.0, 20.0, 30.0], size=len(left))
    decision = np.where(weight >= 12.0, "match", np.where(weight >= 0, "review", "non-match")).astype(object)
    evidence = weight + rng.choice([0.0, 2.0, 4.25, 5.0], size=len(left))
    # reviewers' links among a few records, so that cannot-links stop must-links
    links = rng.integers(0, max(2, n // 4), size=(int(rng.integers(0, 8)), 2))
    links = links[links[:, 0] != links[:, 1]]
    cut = int(rng.integers(0, len(links) + 1))
    return dict(n=n, left=left, right=right, weight=weight, decision=decision,
                weak=rng.random(n) < rng.choice([0.0, 0.3, 0.7, 1.0]), evidence=evidence,
                possible=rng.random(len(left)) < 0.9,
                sources=rng.integers(0, int(rng.integers(1, 6)), size=n) if rng.random() < 0.4 else None,
                must_link=links[:cut] if rng.random() < 0.5 else None,
                cannot_link=links[cut:] if rng.random() < 0.5 else None)


def both(case: dict) -> tuple[tuple, tuple]:
    out = []
    for fn in (reference_contacts, build_contacts):
        decision, skipped = case["decision"].copy(), {}
        labels = fn(case["n"], case["left"], case["right"], case["weight"], decision, VETO, case["weak"],
                    evidence=case["evidence"], possible=case["possible"], attach_weight=8.0,
                    sources=case["sources"], must_link=case["must_link"], cannot_link=case["cannot_link"],
                    skipped=skipped)
        out.append((labels.tolist(), decision.tolist(), skipped))
    return out[0], out[1]


def pairs_case(n: int, pairs: list[tuple], weak: np.ndarray | None = None) -> dict:
    """A case from (left, right, weight, decision) pairs; the weight is also the evidence."""
    return dict(n=n, left=np.array([p[0] for p in pairs]), right=np.array([p[1] for p in pairs]),
                weight=np.array([p[2] for p in pairs]), decision=np.array([p[3] for p in pairs], dtype=object),
                weak=np.zeros(n, bool) if weak is None else weak, evidence=np.array([p[2] for p in pairs]),
                possible=np.ones(len(pairs), bool), sources=None, must_link=None, cannot_link=None)


@pytest.mark.parametrize("seed", range(400))
def test_same_contacts_as_joining_pair_by_pair(seed: int) -> None:
    expected, found = both(random_case(seed))
    assert found == expected


def test_random_cases_exercise_the_order_of_joins() -> None:
    # the comparison above is worth something only if refusals happen: vetoes, shared
    # sources, stopped must-links and attachments through another fragment
    refused = attached = stopped = 0
    for seed in range(400):
        case = random_case(seed)
        (labels, decision, skipped), _ = both(case)
        joined = len(set(labels))
        free = len(set(components(case["n"], case["left"][case["decision"] == "match"],
                                  case["right"][case["decision"] == "match"]).tolist()))
        refused += joined > free
        attached += decision != case["decision"].tolist()
        stopped += bool(skipped)
    assert refused > 50 and attached > 40 and stopped > 10


def test_a_veto_refuses_the_weaker_chain_whatever_the_positions() -> None:
    # 3-4 strongest; 0-3 then 4-9 (vetoed with 0) : the later, weaker join is refused
    case = pairs_case(10, [(0, 3, 20.0, "match"), (3, 4, 30.0, "match"), (4, 9, 15.0, "match"),
                           (0, 9, -10.0, "non-match"), (5, 9, 25.0, "match")])
    expected, found = both(case)
    assert found == expected
    assert found[0] == [0, 1, 2, 0, 0, 5, 6, 7, 8, 5]


def test_fragment_attaches_through_a_fragment_decided_before_it() -> None:
    # 0-1 named contact; fragment 2 attaches to it; fragment 3 reaches it only through 2,
    # and 4 only through 3: each is decided after the one it reaches through
    case = pairs_case(5, [(0, 1, 20.0, "match"), (0, 2, 9.0, "review"), (2, 3, 10.0, "review"),
                          (3, 4, 10.0, "review")], weak=np.array([False, False, True, True, True]))
    expected, found = both(case)
    assert found == expected
    assert found[0] == [0, 0, 0, 0, 0]
    assert found[1] == ["match"] * 4


def test_fragment_decided_first_does_not_see_a_later_one() -> None:
    # fragment 1 reaches the named contact 3-4 only through fragment 2, decided after it
    case = pairs_case(5, [(3, 4, 20.0, "match"), (2, 3, 9.0, "review"), (1, 2, 10.0, "review")],
                      weak=np.array([False, True, True, False, False]))
    expected, found = both(case)
    assert found == expected
    assert found[0] == [0, 1, 2, 2, 2]


def test_cannot_link_stops_the_must_link_that_comes_later() -> None:
    # must-links in file order: 0-1 joins, 1-2 would put 0 and 2 (cannot-link) together
    case = dict(n=3, left=np.array([0]), right=np.array([2]), weight=np.array([1.0]),
                decision=np.array(["review"], dtype=object), weak=np.zeros(3, bool), evidence=np.array([1.0]),
                possible=np.ones(1, bool), sources=None, must_link=np.array([[0, 1], [1, 2]]),
                cannot_link=np.array([[2, 0]]))
    expected, found = both(case)
    assert found == expected
    assert found[0] == [0, 0, 2] and found[2] == {1: 0}

