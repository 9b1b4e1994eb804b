"""Keyed pseudonyms for BSNs read from iJw/iWmo messages.

A BSN never leaves the reader: it is replaced by `p-` plus the first 16 hex characters of
HMAC-SHA256(key, BSN). The same key and BSN always give the same pseudonym, so decisions for
one client can still be grouped; without the key a pseudonym cannot be traced back to a BSN
(trying all BSNs needs the key). The BSN is never logged, printed or kept.
"""

from __future__ import annotations

import hashlib
import hmac

PREFIX = "p-"
HEX_CHARS = 16  # 64 bits: collisions are negligible for any municipality's client count


class Pseudonymiser:
    """Turns BSNs into stable keyed pseudonyms (HMAC-SHA256)."""

    def __init__(self, key: bytes) -> None:
        if not key:
            raise ValueError("de sleutel voor pseudonimisering is leeg; geef een geheime sleutel op")
        self._key = bytes(key)

    def __repr__(self) -> str:
        # never show the key
        return "Pseudonymiser(<sleutel verborgen>)"

    def client_id(self, bsn: str) -> str:
        """The pseudonym for one BSN: `p-` and 16 hex characters."""
        digest = hmac.new(self._key, bsn.strip().encode("utf-8"), hashlib.sha256).hexdigest()
        return PREFIX + digest[:HEX_CHARS]

    @staticmethod
    def description() -> str:
        """One Dutch sentence for the audit report's receipt."""
        return (
            "BSN's uit de berichten zijn vervangen door een pseudoniem: HMAC-SHA256 met een sleutel "
            "van de gebruiker (eerste 16 hexadecimale tekens); zonder die sleutel is het BSN niet "
            "terug te vinden."
        )
