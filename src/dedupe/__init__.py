"""dedupe — cleanse and deduplicate Chinese customer data.

>>> import dedupe
>>> import pandas as pd
>>> crm = pd.DataFrame({"联系人": ["张伟", "張偉"], "手机": ["138-0013-8000", "+86 13800138000"]})
>>> result = dedupe.merge({"crm": crm})
>>> result.records["contact_id"].nunique()
1
"""

from __future__ import annotations

from .errors import DedupeError, InputError, RulesError
from .pipeline import Result, merge, normalize_only
from .rules import Rules

__all__ = ["merge", "normalize_only", "Rules", "Result", "DedupeError", "InputError", "RulesError"]
__version__ = "0.1.0"
