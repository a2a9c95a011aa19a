from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The visitor's address, for sign-in throttling and public rate limits.

    Behind nginx every request comes from 127.0.0.1; set CLIENT_IP_HEADER (e.g. HTTP_X_REAL_IP,
    filled by nginx with `proxy_set_header X-Real-IP $remote_addr;`) so that each visitor gets
    their own limits. Only ever set it behind a proxy that overwrites the header: a client could
    otherwise choose its own address.
    """
    header = settings.CLIENT_IP_HEADER
    if header:
        forwarded = request.META.get(header, "").split(",")[0].strip()
        if forwarded:
            return forwarded
    return str(request.META.get("REMOTE_ADDR", ""))
