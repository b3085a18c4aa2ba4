"""The address guard: which hosts a URL scan may connect to.

A URL given to provcheck (or a redirect it follows, or later an image it downloads) can name
the machine provcheck runs on or the network behind it: ``http://127.0.0.1:8080/admin``,
``http://169.254.169.254/`` (the cloud metadata service), a name whose DNS record points at
``10.0.0.5``. Fetching such an address on someone's behalf is server-side request forgery,
so only public addresses are allowed unless the user passes ``--allow-private-network``.

The guard resolves a host once and returns the vetted addresses; the caller must connect to
one of those addresses (not resolve the name again), or a DNS server could answer the check
with a public address and the connection with a private one (DNS rebinding).
"""

from __future__ import annotations

import ipaddress
import socket
import threading

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

ALLOW_HINT = "use --allow-private-network to allow it"

# Carrier-grade NAT space (RFC 6598): neither "private" nor "global" to the ipaddress module,
# yet it reaches the operator's internal network, so it is refused by name.
_SHARED = ipaddress.ip_network("100.64.0.0/10")
# NAT64 (RFC 6052): the last 32 bits are an IPv4 address the gateway connects to.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_METADATA = ipaddress.ip_address("169.254.169.254")


class GuardError(Exception):
    """A host was refused or could not be resolved. ``reason`` is one line for the user."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def address_problem(address: str | IPAddress) -> str | None:
    """Why an IP address is not a public one, e.g. ``"a loopback address"``; None if public.

    IPv6 forms that carry an IPv4 address (IPv4-mapped ``::ffff:a.b.c.d``, 6to4, NAT64)
    are judged by the IPv4 address inside them.
    """
    ip = ipaddress.ip_address(address) if isinstance(address, str) else address
    if isinstance(ip, ipaddress.IPv6Address):
        inner = _embedded_ipv4(ip)
        if inner is not None:
            return address_problem(inner)
    if ip.is_unspecified:
        return "an unspecified address"
    if ip.is_loopback:
        return "a loopback address"
    if ip == _METADATA:
        return "a link-local address (the cloud metadata service)"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_multicast:
        return "a multicast address"
    if isinstance(ip, ipaddress.IPv4Address) and ip in _SHARED:
        return "a shared carrier-grade NAT address"
    if ip.is_reserved:  # before is_private, which also covers 240.0.0.0/4
        return "a reserved address"
    if ip.is_private:
        return "a private address"
    if not ip.is_global:
        # Benchmarking, documentation, protocol-assignment blocks and the like.
        return "not a public address"
    return None


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def literal_address(host: str) -> IPAddress | None:
    """The IP address ``host`` spells (brackets allowed), or None for a host name."""
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def resolve(host: str, port: int, timeout: float) -> list[str]:
    """Every address ``host`` resolves to for TCP, in the resolver's order of preference.

    ``getaddrinfo`` takes no timeout, so it runs in a daemon thread that is abandoned (not
    waited for) when ``timeout`` passes; the system resolver ends it on its own later.
    """
    found: list[str] = []
    failure: list[OSError] = []

    def lookup() -> None:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as exc:
            failure.append(exc)
            return
        for info in infos:
            address = str(info[4][0])
            if address not in found:
                found.append(address)

    worker = threading.Thread(target=lookup, name=f"resolve {host}", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise GuardError(f"timed out after {timeout:g}s while resolving {host}")
    if failure:
        detail = getattr(failure[0], "strerror", None) or str(failure[0])
        raise GuardError(f"cannot resolve host {host}: {detail}")
    if not found:
        raise GuardError(f"cannot resolve host {host}: no addresses")
    return found


def vet_host(host: str, port: int, *, allow_private: bool, timeout: float) -> list[str]:
    """The addresses to connect to for ``host``, each one checked.

    A literal IP address is checked without a lookup. A name is resolved once; when any of
    its addresses is not public the whole host is refused, since a name that mixes public and
    private records is either misconfigured or an attack. Raises ``GuardError``.
    """
    literal = literal_address(host)
    if literal is not None:
        problem = None if allow_private else address_problem(literal)
        if problem is not None:
            # The host as the user wrote it: ::ffff:127.0.0.1 would print as ::ffff:7f00:1.
            raise GuardError(f"refused: {host.strip('[]')} is {problem} ({ALLOW_HINT})")
        return [str(literal)]
    addresses = resolve(host, port, timeout)
    if not allow_private:
        for address in addresses:
            problem = address_problem(address.split("%")[0])
            if problem is not None:
                raise GuardError(f"refused: {host} resolves to {address}, {problem} ({ALLOW_HINT})")
    return addresses
