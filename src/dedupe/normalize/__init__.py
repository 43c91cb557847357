"""Parsers for the values of Chinese customer records, one module per kind.

Each has the same face: ``parse_x(text) -> X``, a frozen dataclass.
"""

from __future__ import annotations

from .address import Address, parse_address
from .company import Company, parse_company
from .email import Email, parse_email, parse_emails
from .ids import IdCard, Uscc, parse_id_card, parse_uscc
from .name import Name, parse_name
from .phone import Phone, parse_phone

__all__ = [
    "Address", "parse_address", "Company", "parse_company", "Email", "parse_email", "parse_emails",
    "IdCard", "Uscc", "parse_id_card", "parse_uscc", "Name", "parse_name", "Phone", "parse_phone",
]
