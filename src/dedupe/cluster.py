"""Cluster: records into contacts, contacts into customer entities.

Contacts are built from the accepted pairs, strongest first.  Two clusters
are joined only if no compared pair between them scored below
``veto_weight``: a record that links weakly to two different people (张先生
on a shared switchboard) cannot chain them together.

Entities: a contact who names a company belongs to that company, identified
by company key and region (a branch is its own entity); a contact without a
company is a ``person`` entity of their own.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import numpy as np
import pandas as pd

from .normalize.name import to_pinyin

__all__ = ["build_contacts", "build_entities", "short_region"]


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
                   attach_weight: float = 8.0, sources: np.ndarray | None = None) -> np.ndarray:
    """Cluster label (smallest record position in the cluster) for each of ``n`` records.

    ``weak`` marks records with no full name, ``evidence`` is each pair's weight
    without the prior and ``possible`` its person-evidence mask; see
    :func:`_attach_weak`.  The decisions of the pairs that attach a record are set
    to 'match' in place.  With ``sources`` (each record's source code) a contact never
    holds two records of one source: the stronger pair, seen first, wins.
    """
    clusters = _Clusters(n)
    held: dict[int, set[int]] | None = None if sources is None else {i: {int(sources[i])} for i in range(n)}
    vetoes: dict[int, list[int]] = defaultdict(list)
    for a, b in zip(left[weight < veto_weight], right[weight < veto_weight], strict=True):
        vetoes[int(a)].append(int(b))
        vetoes[int(b)].append(int(a))
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


def short_region(name: str) -> str:
    """A division name without its level suffix, for comparing with company regions.

    >>> short_region("北京市"), short_region("广东省"), short_region("深圳")
    ('北京', '广东', '深圳')
    """
    for suffix in ("特别行政区", "自治区", "自治州", "省", "市", "地区", "盟", "区", "县"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


_BRANCH_WORD = re.compile(r"(?:分公司|办事处|分部|分店|分厂|分行|支行|营业部)$")


def build_entities(std: pd.DataFrame, contact: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Entity label and kind ('company' / 'person') of every record, via its contact.

    Each contact takes the company of its most recent record that names one in a
    company column, else of its most recent record with a company read from its
    name or address.
    A company named without a region joins the one region its key is known
    in, else the region of the contact's city, else the key's most common one.
    """
    has_company = std["company_key"].to_numpy() != ""
    updated = std["updated_at"].to_numpy()
    # oldest first, ties by input order; a company read from a name or an address (an order
    # sent to the office) before every company given in a company column, which wins
    inferred = std["company_inferred"].to_numpy(dtype=bool) if "company_inferred" in std else np.zeros(len(std), bool)
    order = np.lexsort((np.arange(len(std)), updated, ~inferred))
    company_of: dict[int, int] = {}
    for i in order:
        if has_company[i]:
            company_of[int(contact[i])] = int(i)  # later (more recent) records overwrite

    key = std["company_key"].to_numpy()
    region = std["company_region"].to_numpy()
    pinyin = std["company_pinyin"].to_numpy()
    city = std["city"].to_numpy()
    branch = std["company_branch"].to_numpy()
    # English names ('Huarui Technology ... Suzhou Branch') carry a pinyin brand: join them
    # to the Chinese key that reads the same, brand and branch alike.
    by_pinyin: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for i in np.flatnonzero(has_company):
        if not key[i].split("#")[0].isascii() and pinyin[i]:
            by_pinyin[(pinyin[i], to_pinyin(branch[i]))][key[i]] += 1

    def canonical_key(i: int) -> str:
        k = key[i]
        # 'ruizhong#Suzhou分公司': the brand part decides whether the name was written in English
        found = by_pinyin.get((pinyin[i] or k.split("#")[0], to_pinyin(branch[i]))) if k.split("#")[0].isascii() else None
        return found.most_common(1)[0][0] if found else k

    regions: dict[str, Counter] = defaultdict(Counter)
    contact_company = {}
    for c, i in company_of.items():
        k = canonical_key(i)
        contact_company[c] = (k, i)
        if region[i]:
            regions[k][region[i]] += 1
    entity_key: dict[int, tuple[str, str]] = {}
    for c, (k, i) in sorted(contact_company.items()):
        if "#" in k:  # a branch names its own place: 锐中#苏州分公司 whatever the parent's region
            entity_key[c] = (k, "")
            continue
        r = region[i]
        if not r and regions[k]:
            known = sorted(regions[k].items(), key=lambda kv: (-kv[1], kv[0]))
            here = short_region(city[i]) if city[i] else ""
            if len(known) == 1:
                r = known[0][0]
            elif here and here in regions[k]:
                r = here
            else:
                r = known[0][0]
        entity_key[c] = (k, r)

    # 锐中 in 苏州, where 锐中's only presence in 苏州 is its 苏州分公司: an order sent to the
    # branch office names the brand alone
    branches: dict[tuple[str, str], set[str]] = defaultdict(set)
    for k, _r in entity_key.values():
        if "#" in k:
            brand, _, where = k.partition("#")
            branches[(brand, short_region(_BRANCH_WORD.sub("", where)))].add(k)
    for c, (k, r) in entity_key.items():
        found = branches.get((k, r))
        if found and len(found) == 1 and inferred[contact_company[c][1]]:
            entity_key[c] = (next(iter(found)), "")

    # One brand in one city may be several companies: 锐中网络科技 and 锐中贸易.  Where a
    # group's contacts state different industries, split it by industry; a contact
    # whose company gives none joins the group's commonest industry.
    industry = std["company_industry"].to_numpy()
    stated: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for c, (_k, i) in contact_company.items():
        if industry[i]:
            stated[entity_key[c]][industry[i]] += 1
    for c, (_k, i) in sorted(contact_company.items()):
        seen = stated.get(entity_key[c])
        if not seen or len(seen) < 2:
            continue
        ranked = [x for x, _ in sorted(seen.items(), key=lambda kv: (-kv[1], kv[0]))]
        ind = industry[i]
        # 科技 and 网络科技 are one firm written short and long: the commonest that contains or is contained
        ind = next((x for x in ranked if ind and (ind in x or x in ind)), ranked[0])
        entity_key[c] = (entity_key[c][0] + "/" + ind, entity_key[c][1])

    # An entity's label is its smallest record position, as for contacts.
    labels = np.empty(len(std), dtype=np.int64)
    kinds = np.empty(len(std), dtype=object)
    first_of_entity: dict[tuple[str, str], int] = {}
    for i in range(len(std)):
        c = int(contact[i])
        if c in entity_key:
            labels[i] = first_of_entity.setdefault(entity_key[c], i)
            kinds[i] = "company"
        else:
            labels[i] = c
            kinds[i] = "person"
    return labels, kinds
