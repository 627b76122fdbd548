"""Who is asking: the network address that sign-in throttling counts by."""


def client_address(request) -> str:
    """The address the request came from.

    Behind a proxy, REMOTE_ADDR is the proxy's own address: deployers set it to the real
    client's (from a header only the proxy can write) before Django sees the request.
    Headers a client can write itself (X-Forwarded-For) are never read here: anyone
    could send a new one with each guess and never be throttled.
    """
    return request.META.get("REMOTE_ADDR", "")
