"""The error family every ``sources`` getter raises, so callers can branch without knowing ``requests``.

``SourceError`` is the base; ``SourceUnavailable`` (network down, timeout, 429/5xx) is the only
retryable one. Every error names the URL and, when known, the station, and carries a short Swedish
text (``message_sv``) a page can show as it is.
"""

from __future__ import annotations

#: On screen, per station, when SMHI lists a station but publishes no recent values for it (404 for
#: every recent period: the power-station gauges "… KRV" whose live flow the dam owner reports).
NO_RECENT_VALUES_SV = "SMHI publicerar inga aktuella värden här – se ägarens rapport"


class SourceError(Exception):
    """Something went wrong getting data from an outside source.

    Parameters
    ----------
    message : English description for logs and developers.
    url : the URL requested.
    station_id : SMHI station id, when the request concerned one station.
    message_sv : Swedish text for the user; a generic one is built when omitted.
    """

    retryable: bool = False
    _default_sv = "Data kunde inte hämtas"

    def __init__(
        self,
        message: str,
        *,
        url: str | None = None,
        station_id: str | None = None,
        message_sv: str | None = None,
    ) -> None:
        parts = [message]
        if station_id:
            parts.append(f"station {station_id}")
        if url:
            parts.append(f"URL {url}")
        super().__init__(" — ".join(parts))
        self.url = url
        self.station_id = station_id
        self.message_sv = message_sv or self._build_sv()

    def _build_sv(self) -> str:
        where = f" för station {self.station_id}" if self.station_id else ""
        return f"{self._default_sv}{where}."


class SourceUnavailable(SourceError):
    """The source could not be reached or answered 429/5xx; trying again later may work."""

    retryable = True
    _default_sv = "SMHI kunde inte nås"


class NoDataError(SourceError):
    """The source answered, but has no data for this station, parameter or period.

    ``not_found`` : True when the answer was HTTP 404 (no such period), False for an empty series.
    """

    _default_sv = "SMHI har inga data"

    def __init__(self, message: str, *, not_found: bool = False, **kwargs) -> None:
        super().__init__(message, **kwargs)
        self.not_found = not_found


class BadResponse(SourceError):
    """The source answered with something we cannot read (malformed JSON/CSV, unexpected shape)."""

    _default_sv = "SMHI svarade med data som inte gick att läsa"


class ResponseTooLarge(BadResponse):
    """The body is longer than the caller accepts: refused from its ``Content-Length``, or while it was
    being read, as soon as it passed the limit (the rest is never downloaded, nothing is cached).

    ``limit_bytes`` is the limit [B]; ``declared_bytes`` the server's ``Content-Length`` when that alone
    refused it (else None); ``read_bytes`` how much of the body was read before giving up [B].
    """

    _default_sv = "Svaret var för stort för att tas emot"

    def __init__(self, message: str, *, limit_bytes: int, read_bytes: int, declared_bytes: int | None = None,
                 **kwargs) -> None:  # noqa: ANN003 - SourceError's keywords
        super().__init__(message, **kwargs)
        self.limit_bytes = limit_bytes
        self.read_bytes = read_bytes
        self.declared_bytes = declared_bytes
