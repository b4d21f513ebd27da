"""The error every delivery gateway raises (notify/aliyun.py, tencent.py, smtp.py), in a module of its
own so that the gateways and notify/backends.py, which picks among them, both import it one way."""

from __future__ import annotations


class GatewayError(Exception):
    """A gateway refused or failed a message.

    `retry`: it was certainly not delivered and a later attempt may succeed (a quota limit, a
    gateway down). `maybe_delivered`: the request left and no answer came (a time-out): it is
    never sent again automatically. Otherwise the refusal is final (a bad signature, no template).
    """

    def __init__(self, code: str, message: str = "", *, retry: bool = False, maybe_delivered: bool = False):
        super().__init__(f"{code}: {message}" if message else code)
        self.code, self.message = code, message
        self.retry, self.maybe_delivered = retry, maybe_delivered
