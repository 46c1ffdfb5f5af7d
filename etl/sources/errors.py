"""The one exception discovery raises: a source we could not read, with a stable reason for the quarantine."""


class SourceError(Exception):
    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail
