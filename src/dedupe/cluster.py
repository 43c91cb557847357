"""Cluster: records into contacts.

Contacts are built from the accepted pairs, strongest first.  Two clusters
are joined only if no compared pair between them scored below
``veto_weight``: a record that links weakly to two different people (张先生
on a shared switchboard) cannot chain them together.  One kind of join passes a
veto: a pair that agrees on the full name and shares a mobile number, email or
ID joins two clusters whose veto is a pair that also agrees on the full name.
Such a veto says only that the person's company or other number differs (a job
change, a second phone); the shared number says who it is.  A same-name veto is also
passed when the two clusters already hold what it disagrees on: for every field on
which it disagrees, another record of one side agrees with the vetoing record of
the other (her row at the new firm, against a contact holding the old firm and the
new; a phone that differs along with the company is part of the job change).  A
pair whose ID card, WeChat or QQ differ (``conflict``: the pipeline leaves out a
pair that itself shares a mobile, email or ID under one name, one person's two
accounts) is a veto whatever it scores, and no such join passes it: two accounts
are two people.

Reviewers' decisions (:mod:`dedupe.decisions`) come first: a cannot-link
(``non-match``) is a veto that always holds, in every join and attachment; a
must-link (``match``) joins two records' contacts before any scored pair does,
whatever their scores and whichever source each comes from, unless the join
would put the two records of a cannot-link in one contact: then it is skipped
(cannot-links win; must-links are taken in file order).

Entities are built from the contacts in :mod:`dedupe.entities`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

__all__ = ["build_contacts"]


class _Clusters:
    """Union-find over the records that must be joined in order (the others never get here)."""

    def __init__(self, records: Iterable[int]) -> None:
        self.parent = {i: i for i in records}
        self.members: dict[int, list[int]] = {i: [i] for i in self.parent}

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


def components(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Connected components of ``n`` nodes under edges ``a``-``b``: each node's smallest node.

    Min-label propagation: each round hooks the larger root of every edge under the
    smaller one, then follows pointers until every node points at its root.

    >>> components(5, np.array([3, 1]), np.array([4, 3])).tolist()
    [0, 1, 2, 1, 1]
    """
    label = np.arange(n, dtype=np.int64)
    a, b = np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)
    while len(a):
        la, lb = label[a], label[b]
        apart = la != lb
        # an edge whose ends share a root keeps sharing it: compression below is complete
        a, b, la, lb = a[apart], b[apart], la[apart], lb[apart]
        if not len(a):
            break
        np.minimum.at(label, np.maximum(la, lb), np.minimum(la, lb))
        while True:
            up = label[label]
            if np.array_equal(up, label):
                break
            label = up
    return label


def build_contacts(n: int, left: np.ndarray, right: np.ndarray, weight: np.ndarray,
                   decision: np.ndarray, veto_weight: float, weak: np.ndarray | None = None,
                   evidence: np.ndarray | None = None, possible: np.ndarray | None = None,
                   attach_weight: float = 8.0, sources: np.ndarray | None = None,
                   must_link: np.ndarray | None = None, cannot_link: np.ndarray | None = None,
                   skipped: dict[int, int] | None = None, same_name: np.ndarray | None = None,
                   identity: np.ndarray | None = None, conflict: np.ndarray | None = None,
                   field_weights: np.ndarray | None = None, field_names: Sequence[str] = ()) -> np.ndarray:
    """Cluster label (smallest record position in the cluster) for each of ``n`` records.

    ``weak`` marks records with no full name, ``evidence`` is each pair's weight
    without the prior and ``possible`` its person-evidence mask; see
    :func:`_attach_weak`.  The decisions of the pairs that attach a record are set
    to 'match' in place.  With ``sources`` (each record's source code) a contact never
    holds two records of one source: the stronger pair, seen first, wins.

    ``must_link`` and ``cannot_link`` are reviewers' decisions, arrays of record
    position pairs (shape (k, 2)), see the module docstring.  A must-link that a
    cannot-link stops is left out; ``skipped`` (when given) is filled with its
    index in ``must_link`` → the index of the cannot-link that stopped it.

    ``same_name`` marks the pairs whose names agree in full and ``identity`` the pairs that
    also share a mobile number, email or ID: an identity pair joins two clusters that a
    same-name pair between them would veto (see the module docstring).  ``conflict`` marks
    the pairs whose ID card, WeChat or QQ differ: such a pair is a veto whatever its
    weight, and one no identity pair passes.  ``field_weights`` (a row per pair, a column per
    field, adding up to the pair's evidence) lets a fragment's attachment count what a
    candidate's other records contradict (see :func:`_attach_weak`), and lets a same-name veto
    that the two clusters already explain pass (see :class:`_ExplainedVeto`; ``field_names``
    name its columns).

    The order of joins matters only inside a component of the must-link and match
    graph that holds a veto (or two records of one source): elsewhere every join
    succeeds, so the component is the contact.  Only those components are joined
    pair by pair, strongest first.
    """
    left, right = np.asarray(left, dtype=np.int64), np.asarray(right, dtype=np.int64)
    must = np.zeros((0, 2), np.int64) if must_link is None else np.asarray(must_link, dtype=np.int64).reshape(-1, 2)
    cannot = np.zeros((0, 2), np.int64) if cannot_link is None else np.asarray(cannot_link, dtype=np.int64).reshape(-1, 2)
    none = np.zeros(len(left), dtype=bool)
    differ = none if conflict is None else np.asarray(conflict, dtype=bool)
    low = (weight < veto_weight) | differ
    soft = none if same_name is None else np.asarray(same_name, dtype=bool) & ~differ
    strong = none if identity is None else np.asarray(identity, dtype=bool)
    # a reviewer's cannot-link is a veto that holds in every join and attachment
    veto_a = np.concatenate([left[low], cannot[:, 0]])
    veto_b = np.concatenate([right[low], cannot[:, 1]])
    veto_soft = np.concatenate([soft[low], np.zeros(len(cannot), dtype=bool)])
    match = np.flatnonzero(decision == "match")
    order = match[np.lexsort((right[match], left[match], -weight[match]))]
    comp = components(n, np.concatenate([must[:, 0], left[order]]), np.concatenate([must[:, 1], right[order]]))
    in_order = _ordered_components(comp, veto_a, veto_b, sources)
    labels = comp
    if in_order.any():
        labels = comp.copy()
        _join_in_order(labels, in_order, comp, left, right, order, veto_a, veto_b, must, cannot, sources, skipped,
                       veto_soft, strong, field_weights, field_names)
    if weak is not None and evidence is not None:
        ok = possible if possible is not None else np.ones(len(left), dtype=bool)
        labels, attached = _attach_weak(labels, left, right, decision, weak, veto_a, veto_b,
                                        np.flatnonzero(ok & (evidence >= attach_weight)), evidence, sources,
                                        field_weights)
        decision[attached] = "match"
    return labels


def _ordered_components(comp: np.ndarray, veto_a: np.ndarray, veto_b: np.ndarray,
                        sources: np.ndarray | None) -> np.ndarray:
    """Per record, whether its component must be joined pair by pair: it holds both records of
    a veto, or (with ``sources``) two records of one source."""
    n = len(comp)
    inside = comp[veto_a] == comp[veto_b]
    flagged = np.zeros(n, dtype=bool)
    flagged[comp[veto_a[inside]]] = True
    if sources is not None and n:
        size = np.bincount(comp, minlength=n)
        shared = np.flatnonzero(size[comp] > 1)
        key = comp[shared] * (int(sources.max()) + 1) + sources[shared]
        seen, count = np.unique(key, return_counts=True)
        flagged[seen[count > 1] // (int(sources.max()) + 1)] = True
    return flagged[comp]


def _join_in_order(labels: np.ndarray, in_order: np.ndarray, comp: np.ndarray, left: np.ndarray,
                   right: np.ndarray, order: np.ndarray, veto_a: np.ndarray, veto_b: np.ndarray,
                   must: np.ndarray, cannot: np.ndarray, sources: np.ndarray | None,
                   skipped: dict[int, int] | None, veto_soft: np.ndarray, strong: np.ndarray,
                   field_weights: np.ndarray | None = None, field_names: Sequence[str] = ()) -> None:
    """Join the records of ``in_order`` components pair by pair: must-links in file order, then
    match pairs (``order``, strongest first), each refused by a veto between the two clusters
    (or a shared source); ``labels`` is updated in place.

    A same-name veto is passed by an identity pair (see :func:`build_contacts`), and, with
    ``field_weights``, when the two clusters already hold what it disagrees on: for each field
    on which the vetoing pair disagrees, another record of one side agrees with the vetoing
    record of the other (a job changer's record at his new firm, against his contact that holds
    both firms already)."""
    clusters = _Clusters(np.flatnonzero(in_order).tolist())
    held: dict[int, set[int]] | None = (None if sources is None
                                        else {i: {int(sources[i])} for i in clusters.parent})
    # only a veto inside a component can refuse a join in it
    inside = (comp[veto_a] == comp[veto_b]) & in_order[veto_a]
    vetoes: dict[int, list[tuple[int, bool]]] = defaultdict(list)
    for a, b, sv in zip(veto_a[inside].tolist(), veto_b[inside].tolist(), veto_soft[inside].tolist(), strict=True):
        vetoes[a].append((b, sv))
        vetoes[b].append((a, sv))
    by_record: dict[int, list[tuple[int, int]]] = defaultdict(list)  # record → (other record, decision)
    for c, (a, b) in enumerate(cannot.tolist()):
        if in_order[a] and comp[a] == comp[b]:
            by_record[a].append((b, c))
            by_record[b].append((a, c))
    for m in np.flatnonzero(in_order[must[:, 0]]).tolist():
        ra, rb = clusters.find(int(must[m, 0])), clusters.find(int(must[m, 1]))
        if ra == rb:
            continue
        small, other = (ra, rb) if len(clusters.members[ra]) <= len(clusters.members[rb]) else (rb, ra)
        stop = next((c for i in clusters.members[small] for j, c in by_record.get(i, ()) if clusters.find(j) == other),
                    None)
        if stop is not None:
            if skipped is not None:
                skipped[m] = stop
            continue
        _union(clusters, held, ra, rb, shared_ok=True)
    mine = order[in_order[left[order]]]
    explained = _ExplainedVeto(left, right, in_order, field_weights, field_names)
    for a, b, st in zip(left[mine].tolist(), right[mine].tolist(), strong[mine].tolist(), strict=True):
        ra, rb = clusters.find(a), clusters.find(b)
        if ra == rb:
            continue
        small, other = (ra, rb) if len(clusters.members[ra]) <= len(clusters.members[rb]) else (rb, ra)
        against = [(i, j, sv) for i in clusters.members[small] for j, sv in vetoes.get(i, ())
                   if clusters.find(j) == other]
        if any(not sv for _, _, sv in against):
            continue  # a veto between two names, two accounts or a reviewer's always holds
        if against and not st and not all(explained(i, j, clusters.members[small], clusters.members[other])
                                          for i, j, _ in against):
            continue  # same-name vetoes: passed by a shared number, or by what the clusters hold
        _union(clusters, held, ra, rb, shared_ok=False)
    for members in clusters.members.values():
        labels[members] = min(members)


class _ExplainedVeto:
    """Whether a same-name veto between two clusters is explained by what they already hold.

    The veto (i, j) disagrees on some fields (company, title, a second mobile); it is explained
    when, for every one of them, a compared pair between i and another record of j's cluster,
    or between j and another record of i's cluster, agrees on that field.  A phone that
    differs where the company differs too is what a job change brings (the new firm's
    switchboard, a work mobile): it is explained with the company (``field_names`` say which
    columns of ``field_weights`` those are)."""

    def __init__(self, left: np.ndarray, right: np.ndarray, keep: np.ndarray,
                 field_weights: np.ndarray | None, field_names: Sequence[str] = ()) -> None:
        self.weights = field_weights
        names = list(field_names)
        self.phone, self.company = ((names.index("phone"), names.index("company"))
                                    if {"phone", "company"} <= set(names) else (-1, -1))
        self.ends = (left, right, keep)
        self.pair: dict[tuple[int, int], int] | None = None  # made at the first question

    def _row(self, a: int, b: int) -> np.ndarray | None:
        assert self.weights is not None
        if self.pair is None:
            left, right, keep = self.ends
            mine = np.flatnonzero(keep[left] & keep[right])
            self.pair = {(x, y): k for x, y, k in zip(np.minimum(left[mine], right[mine]).tolist(),
                                                       np.maximum(left[mine], right[mine]).tolist(),
                                                       mine.tolist(), strict=True)}
        k = self.pair.get((a, b) if a < b else (b, a))
        return None if k is None else self.weights[k]

    def __call__(self, i: int, j: int, side_i: list[int], side_j: list[int]) -> bool:
        if self.weights is None:
            return False
        veto = self._row(i, j)
        if veto is None:
            return False
        for f in np.flatnonzero(veto < 0).tolist():
            if f == self.phone and veto[self.company] < 0:
                continue  # a job change brings its own phones: explained with the company
            if not any((row := self._row(i, k)) is not None and row[f] > 0 for k in side_j if k != j) and \
                    not any((row := self._row(j, k)) is not None and row[f] > 0 for k in side_i if k != i):
                return False
        return True


def _union(clusters: _Clusters, held: dict[int, set[int]] | None, ra: int, rb: int, shared_ok: bool) -> None:
    """Join two roots unless (``held`` given and not ``shared_ok``: a reviewer may join two
    records of one source) they hold records of one source."""
    if held is None:
        clusters.union(ra, rb)
        return
    if not shared_ok and held[ra] & held[rb]:
        return
    joined = held.pop(ra) | held.pop(rb)
    clusters.union(ra, rb)
    held[clusters.find(ra)] = joined


def _attach_weak(labels: np.ndarray, left: np.ndarray, right: np.ndarray, decision: np.ndarray,
                 weak: np.ndarray, veto_a: np.ndarray, veto_b: np.ndarray, candidates: np.ndarray,
                 evidence: np.ndarray, sources: np.ndarray | None = None,
                 field_weights: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Attach lone fragments — records with only a surname or no name (王总, a bare
    mobile), or a cluster made only of such records — to the contact they must be.

    Their pairs rarely reach 'match' on their own: the prior says a random pair
    is almost never a match.  But such a fragment is usually someone in the file,
    so what counts is how the candidates compare: every contact reached by one of
    the ``candidates`` pairs (whose field weights, ``evidence`` without the prior,
    reach the attach weight) is a candidate if it holds one record that is not a
    fragment, and the fragment joins the best one if it beats the runner-up
    by ``_ATTACH_MARGIN`` bits (19 to 1), counting against the best the fields that
    another of its records contradicts and none agrees on (``field_weights``, one
    column per field; see :func:`_disagreement`).  Two 王 at the company equally likely:
    it stays alone for a reviewer.  With ``sources`` a fragment never brings a
    second record of a source into a contact.  Fragments are taken in order of
    their smallest record with a candidate pair.  Returns the new labels and the
    positions of the attaching pairs.

    A fragment whose candidates and vetoes all lie in named contacts (which only
    grow by fragments here) is decided at once, all of them together; one that
    reaches another fragment (which may have attached before it) is decided in turn.
    """
    n = len(labels)
    named = np.zeros(n, dtype=bool)  # per label: the cluster holds someone named
    named[labels[~weak]] = True
    # (fragment, pair, other end's cluster) for each fragment end of a candidate pair
    ends = [(left[candidates], right[candidates]), (right[candidates], left[candidates])]
    mine = [weak[m] & ~named[labels[m]] for m, _ in ends]
    e_rec = np.concatenate([m[keep] for (m, _), keep in zip(ends, mine, strict=True)])
    e_other = np.concatenate([labels[o[keep]] for (_, o), keep in zip(ends, mine, strict=True)])
    e_pair = np.concatenate([candidates[keep] for keep in mine])
    e_frag = labels[e_rec]
    if not len(e_frag):
        return labels, np.zeros(0, dtype=np.int64)
    # a fragment is taken at its smallest record with a candidate pair
    rank = np.full(n, n, dtype=np.int64)
    np.minimum.at(rank, e_frag, e_rec)
    useful = e_other != e_frag  # its own records give nothing
    e_frag, e_other, e_pair = e_frag[useful], e_other[useful], e_pair[useful]
    score = evidence[e_pair]
    penalty = np.zeros(len(e_frag))
    if field_weights is not None and len(e_frag):
        penalty = _disagreement(labels, left, right, weak, named, field_weights, e_frag, e_other, n)
    # vetoes of a fragment's records, by the other record's cluster
    v_frag = np.concatenate([labels[veto_a], labels[veto_b]])
    v_other = np.concatenate([labels[veto_b], labels[veto_a]])
    taken = rank[v_frag] < n
    v_frag, v_other = v_frag[taken], v_other[taken]
    in_turn = np.zeros(n, dtype=bool)  # per fragment label
    in_turn[e_frag[~named[e_other]]] = True
    in_turn[v_frag[~named[v_other] & (v_other != v_frag)]] = True
    if sources is not None:
        in_turn[e_frag] = True
    target = np.full(n, -1, dtype=np.int64)  # per fragment label: the named cluster it joins
    at_once = ~in_turn[e_frag]
    _attach_at_once(target, e_frag[at_once], e_other[at_once], score[at_once], penalty[at_once],
                    v_frag[~in_turn[v_frag]], v_other[~in_turn[v_frag]], n)
    if in_turn.any():
        _attach_in_turn(target, rank, named, labels, e_frag, e_other, score, penalty, in_turn,
                        v_frag, v_other, sources)
    # the pairs that attached a fragment: those into its contact as it stood when it was decided
    now = np.where(named[e_other], e_other, np.where(rank[e_other] < rank[e_frag], target[e_other], -1))
    attached = e_pair[(target[e_frag] >= 0) & (now == target[e_frag])]
    attached = np.unique(attached[decision[attached] != "match"])
    # a joined cluster's label is its smallest record, which a fragment may hold
    into = np.where(target >= 0, target, np.arange(n))
    smallest = np.arange(n)
    np.minimum.at(smallest, into, np.arange(n))
    return smallest[into[labels]], attached


def _disagreement(labels: np.ndarray, left: np.ndarray, right: np.ndarray, weak: np.ndarray, named: np.ndarray,
                  field_weights: np.ndarray, e_frag: np.ndarray, e_other: np.ndarray, n: int) -> np.ndarray:
    """For each (fragment, candidate contact) of ``e_frag`` / ``e_other``: the weights of the
    fields on which no scored pair between them agrees and some pair disagrees, added up (<= 0).
    A candidate's strongest pair may say nothing of a field another of its records contradicts
    (Wang Tingting of a 苏州 firm against 王婷婷's bare ticket, and her 南昌 order)."""
    ends = [(left, right), (right, left)]
    m = np.concatenate([a for a, _ in ends])
    o = np.concatenate([b for _, b in ends])
    pair = np.concatenate([np.arange(len(left))] * 2)
    keep = weak[m] & ~named[labels[m]] & (labels[o] != labels[m])
    key = labels[m[keep]] * n + labels[o[keep]]
    wanted = np.unique(e_frag * n + e_other)
    inside = np.isin(key, wanted)
    key, pair = key[inside], pair[keep][inside]
    if not len(key):
        return np.zeros(len(e_frag))
    w = pd.DataFrame(field_weights[pair])
    grouped = w.groupby(key)
    most, least = grouped.max(), grouped.min()
    penalty = least.where(most.le(0) & least.lt(0), 0.0).sum(axis=1)
    return penalty.reindex(e_frag * n + e_other, fill_value=0.0).to_numpy()


def _attach_at_once(target: np.ndarray, frag: np.ndarray, other: np.ndarray, score: np.ndarray,
                    penalty: np.ndarray, v_frag: np.ndarray, v_other: np.ndarray, n: int) -> None:
    """Decide the fragments whose candidates (``other``, named clusters) and vetoes are fixed:
    the best candidate by its strongest pair, if ``_ATTACH_MARGIN`` ahead of the next with its
    ``penalty`` (see :func:`_disagreement`) counted, and not vetoed; sets ``target`` in place."""
    if not len(frag):
        return
    # strongest pair per (fragment, candidate), then candidates best first per fragment
    by = np.lexsort((-score, other, frag))
    frag, other, score, penalty = frag[by], other[by], score[by], penalty[by]
    first = np.ones(len(frag), dtype=bool)
    first[1:] = (frag[1:] != frag[:-1]) | (other[1:] != other[:-1])
    frag, other, score, penalty = frag[first], other[first], score[first], penalty[first]
    by = np.lexsort((other, -score, frag))
    frag, other, score, penalty = frag[by], other[by], score[by], penalty[by]
    top = np.ones(len(frag), dtype=bool)
    top[1:] = frag[1:] != frag[:-1]
    runner = np.full(len(frag), -np.inf)
    runner[:-1] = np.where(top[1:], -np.inf, score[1:])  # the next candidate of the same fragment
    # the best must stay ahead with what its other records contradict counted against it
    wins = top & ~(score + penalty - runner < _ATTACH_MARGIN)
    vetoed = np.isin(frag * n + other, v_frag * n + v_other)
    wins &= ~vetoed
    target[frag[wins]] = other[wins]


def _attach_in_turn(target: np.ndarray, rank: np.ndarray, named: np.ndarray, labels: np.ndarray,
                    e_frag: np.ndarray, e_other: np.ndarray, score: np.ndarray, penalty: np.ndarray,
                    in_turn: np.ndarray, v_frag: np.ndarray, v_other: np.ndarray,
                    sources: np.ndarray | None) -> None:
    """Decide the remaining fragments one by one in order: a candidate or a veto in another
    fragment counts as the contact that fragment joined, if it was decided before (and the
    worst ``penalty`` of the fragment's candidates that make up a contact is that contact's)."""
    pick = in_turn[e_frag]
    entries: dict[int, list[tuple[int, float, float]]] = defaultdict(list)
    for f, o, s, p in zip(e_frag[pick].tolist(), e_other[pick].tolist(), score[pick].tolist(),
                          penalty[pick].tolist(), strict=True):
        entries[f].append((o, s, p))
    vetoes: dict[int, list[int]] = defaultdict(list)
    pick = in_turn[v_frag]
    for f, o in zip(v_frag[pick].tolist(), v_other[pick].tolist(), strict=True):
        vetoes[f].append(o)
    held: dict[int, set[int]] | None = None
    if sources is not None:
        held = defaultdict(set)
        for lab, src in zip(labels.tolist(), sources.tolist(), strict=True):
            held[lab].add(src)
    rank_of, is_named = rank.tolist(), named.tolist()
    joined = {f: t for f, t in zip(np.flatnonzero(target >= 0).tolist(), target[target >= 0].tolist(),
                                   strict=True)}

    def now(cluster: int, when: int) -> int:
        """The contact a cluster is part of when the fragment taken at ``when`` is decided."""
        if is_named[cluster]:
            return cluster
        return joined.get(cluster, -1) if rank_of[cluster] < when else -1

    for f in sorted(entries, key=rank_of.__getitem__):
        when = rank_of[f]
        best: dict[int, float] = {}
        against: dict[int, float] = {}
        for o, s, p in entries[f]:
            t = now(o, when)
            if t >= 0:
                best[t] = max(best.get(t, -np.inf), s)
                against[t] = min(against.get(t, 0.0), p)
        if not best:
            continue
        ranked = sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))
        runner = ranked[1][1] if len(ranked) > 1 else -np.inf
        if ranked[0][1] + against[ranked[0][0]] - runner < _ATTACH_MARGIN:
            continue
        t = ranked[0][0]
        if any(now(o, when) == t for o in vetoes.get(f, ())):
            continue
        if held is not None:  # linked deduplicated sources: one record per source in a contact
            if held[t] & held[f]:
                continue
            held[t] |= held[f]
        joined[f] = t
    for f, t in joined.items():
        target[f] = t


# A fragment joins its best candidate only if that one is this many bits (19:1) likelier
# than the next: log2(19) = 4.25, the odds behind the default 0.95 match probability.
_ATTACH_MARGIN = float(np.log2(19))
