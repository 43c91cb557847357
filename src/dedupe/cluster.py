"""Cluster: records into contacts.

Contacts are built from the accepted pairs, strongest first.  Two clusters
are joined only if no compared pair between them scored below
``veto_weight``: a record that links weakly to two different people (张先生
on a shared switchboard) cannot chain them together.

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

import numpy as np

__all__ = ["build_contacts"]


class _Clusters:
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


def build_contacts(n: int, left: np.ndarray, right: np.ndarray, weight: np.ndarray,
                   decision: np.ndarray, veto_weight: float, weak: np.ndarray | None = None,
                   evidence: np.ndarray | None = None, possible: np.ndarray | None = None,
                   attach_weight: float = 8.0, sources: np.ndarray | None = None,
                   must_link: np.ndarray | None = None, cannot_link: np.ndarray | None = None,
                   skipped: dict[int, int] | None = None) -> np.ndarray:
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
    """
    clusters = _Clusters(n)
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


def _attach_weak(clusters: _Clusters, left: np.ndarray, right: np.ndarray, decision: np.ndarray,
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


# A fragment joins its best candidate only if that one is this many bits (19:1) likelier
# than the next: log2(19) = 4.25, the odds behind the default 0.95 match probability.
_ATTACH_MARGIN = float(np.log2(19))
