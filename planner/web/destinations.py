"""Where the hosted mode sends for a workspace: never inside the server's own networks.

In the hosted mode the people who set a workspace's Mastodon server, Bluesky server and
reminder channels are not the operator: without a rule, an editor could point them at
``http://127.0.0.1:5432``, a cloud's metadata address (169.254.169.254) or a name that
resolves to a private address, and the server would send the workspace's token or
password there, from inside the operator's network. So a destination is refused when
its address is not global (:attr:`ipaddress.IPv4Address.is_global`: loopback, private,
link-local, unique-local, shared, multicast, unspecified, reserved), an IPv6 address
being judged by the IPv4 address it carries (mapped, NAT64, 6to4, Teredo), unless the
operator allowed its network or its name (``--allow-network``, PLANNER_ALLOW_NETWORKS):
a federation that runs its own PDS or ntfy inside its network names it there. The local
mode has no such rule: a person on their own computer may point at anything.

The rule is checked twice:

- when a form is saved (:func:`problem`): the server's name is resolved and every
  address checked, so that the person is told at once, beside the field;
- at every send (:func:`guarded`): the name is resolved again and every address checked
  (DNS may have changed since), and then, while the library sends, each address it
  connects to is checked **at the connection itself**: an audit hook (PEP 578) on the
  ``socket.connect`` event refuses any address the rule refuses.
  The check is thus on the very address connected to, after the library's own
  resolution, for every redirect it follows too: no window is left between the check
  and the connection (DNS rebinding), which a check before the send alone would leave.

Why an audit hook: none of the libraries lets planner choose the address a connection
goes to. Apprise's plugins call ``requests`` (urllib3) and ``smtplib`` themselves;
Mastodon.py builds its own ``requests`` session; the atproto SDK its own ``httpx``
client, which follows redirects (``follow_redirects=True``). Apprise's own pinned
session (``apprise.utils.http.HTTPPolicySession``) serves Apprise API's downloads, not
its plugins. All of them connect with Python's ``socket`` in the sending thread
(urllib3's ``create_connection``, httpcore's sync backend, ``smtplib``), which is where
the hook sees them. The hook acts only inside :func:`guarded`, in the thread that sends
(a context variable): the rest of the process (the database, the web server) is left
alone.

What remains: a library that connected from another thread (urllib3's "happy eyeballs",
off by default and not turned on by requests) would not be seen, nor a datagram sent
without connecting (Apprise's rsyslog:// over UDP: its host is checked before the send
only), nor a socket connected by name (``sock.connect(("host", 443))``, which none of
those libraries does): the hook checks that name's addresses, but Python resolves it again
to connect; a proxy set in the
environment (HTTPS_PROXY) is what the hook sees, not the address behind it: an instance
that sends through a proxy must have the proxy refuse private addresses too.

A reminder channel that is an e-mail address alone (``mailto-instance:``, see
:mod:`planner.notify`) goes through the instance's own mail server, PLANNER_MAIL_URL,
which the operator chose, as for invitations: its host is allowed whatever its address
(a relay on the server's own network is the usual case), and the workspace chooses only
the recipient.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import sys
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from planner.errors import InputError
from planner.fields import printable
from planner.i18n import _
from planner.notify import INSTANCE_MAIL, SendError, instance_mail_url, plugin_of, quiet

ENV = "PLANNER_ALLOW_NETWORKS"
OPTION = "--allow-network"

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
NAME = re.compile(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*")
NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))


def carried(address: Address) -> list[Address]:
    """The address itself and every IPv4 address an IPv6 one carries (mapped, NAT64, 6to4,
    Teredo): the packet may reach that one."""
    found: list[Address] = [address]
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            found.append(address.ipv4_mapped)
        if any(address in network for network in NAT64):
            found.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
        if address.sixtofour is not None:
            found.append(address.sixtofour)
        if address.teredo is not None:
            found.extend(address.teredo)
    return found


@dataclass(frozen=True, slots=True)
class Allowed:
    """What the operator allows besides global addresses: networks (10.0.0.0/8, an
    address alone) and host names (pds.federation.lan), as ``--allow-network`` gives them."""

    networks: tuple[Network, ...] = ()
    names: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def parse(cls, items: Iterable[str], where: str = OPTION) -> Allowed:
        """Each item a network, an address or a host name; InputError naming ``where``."""
        networks: list[Network] = []
        names: set[str] = set()
        for item in items:
            text = item.strip().lower().rstrip(".")
            if not text:
                continue
            try:
                networks.append(ipaddress.ip_network(text, strict=False))
                continue
            except ValueError:
                pass
            if not NAME.fullmatch(text) or len(text) > 253:
                raise InputError(
                    _(
                        "{where}: '{value}' is not a network, an address or a host name; "
                        "write it like 10.0.0.0/8, 192.168.1.20 or pds.federation.lan"
                    ).format(where=where, value=printable(item))
                )
            names.add(text)
        return cls(tuple(networks), frozenset(names))

    @classmethod
    def from_environment(cls, environ: Mapping[str, str]) -> Allowed:
        """PLANNER_ALLOW_NETWORKS: items separated by spaces or commas."""
        return cls.parse(environ.get(ENV, "").replace(",", " ").split(), ENV)

    def joined(self) -> str:
        """The items, as PLANNER_ALLOW_NETWORKS holds them (what a worker process reads)."""
        return " ".join([*(str(n) for n in self.networks), *sorted(self.names)])

    def permits(self, address: Address) -> bool:
        """Whether sending to ``address`` is allowed."""
        if any(address in network for network in self.networks):
            return True
        return all(public(a) for a in carried(address))


def public(address: Address) -> bool:
    """Whether ``address`` is an ordinary public one: :attr:`is_global`, which in Python
    3.11 still says True of multicast addresses (224.0.0.1, ff0e::1), hence the others."""
    return address.is_global and not (
        address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or address.is_loopback
        or address.is_link_local
        or address.is_private
        or (isinstance(address, ipaddress.IPv6Address) and address.is_site_local)
    )


class Refused(SendError):
    """A destination this instance does not send to (the message names where and why)."""


def _refusal(where: str, host: str, address: Address) -> str:
    if host == str(address):
        return _(
            "{where}: {address} is a private or local address; this instance sends nothing "
            "there unless its administrator allows it ({option})"
        ).format(where=where, address=address, option=OPTION)
    return _(
        "{where}: {host} leads to {address}, a private or local address; this instance "
        "sends nothing there unless its administrator allows it ({option})"
    ).format(where=where, host=host, address=address, option=OPTION)


def addresses(host: str) -> list[Address]:
    """The addresses of ``host`` (an address itself, or a name resolved now); [] when the
    name does not resolve."""
    host = host.strip("[]")
    try:
        return [ipaddress.ip_address(host.split("%")[0])]
    except ValueError:
        pass
    try:
        found = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return []
    out: list[Address] = []
    for *_rest, sockaddr in found:
        address = ipaddress.ip_address(str(sockaddr[0]).split("%")[0])
        if address not in out:
            out.append(address)
    return out


def hosts_of(url: str) -> list[str]:
    """The hosts a server address (https://…) or an Apprise URL sends to: its host and,
    for e-mail, its SMTP server. Some Apprise URLs hold a token where a host goes
    (pbul://TOKEN): such a piece resolves to nothing, and the connection's check covers it."""
    if url.startswith(("http://", "https://")):
        return [h for h in [urlsplit(url).hostname] if h]
    with quiet():
        plugin: Any = plugin_of(url)
    if plugin is None:
        return []
    found = [getattr(plugin, name, None) for name in ("host", "smtp_host")]
    return list(dict.fromkeys(h for h in found if isinstance(h, str) and h))


def _check(allowed: Allowed, where: str, host: str) -> tuple[list[Address], str | None]:
    """(the addresses of ``host``, the refusal or None); a host allowed by name gives its
    addresses as allowed."""
    found = addresses(host)
    if host.strip("[]").lower().rstrip(".") in allowed.names:
        return found, None
    for address in found:
        if not allowed.permits(address):
            return found, _refusal(where, host.strip("[]"), address)
    return [], None


def _operator_hosts(url: str) -> list[str] | None:
    """The hosts of the instance's mail server when ``url`` is a channel sent through it
    (the operator's choice, allowed whatever its address); None for any other URL."""
    if not url.startswith(INSTANCE_MAIL):
        return None
    mail = instance_mail_url()
    return hosts_of(mail) if mail else []


def problem(allowed: Allowed, where: str, url: str) -> str | None:
    """Why the form's ``url`` (a server, an Apprise URL) is refused, naming the field
    ``where``; None when it is not. Resolves names: call it off the event loop."""
    if _operator_hosts(url) is not None:
        return None
    for host in hosts_of(url):
        _found, refusal = _check(allowed, where, host)
        if refusal is not None:
            return refusal
    return None


# --- at the connection -------------------------------------------------------------------


@dataclass(slots=True)
class _Guard:
    allowed: Allowed
    named: set[Address]  # the addresses of the hosts the operator allowed by name
    refused: list[tuple[str, Address]] = field(default_factory=list)  # (host, address)


_GUARD: ContextVar[_Guard | None] = ContextVar("planner_destination_guard", default=None)
_installed = False
_install_lock = threading.Lock()


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if event != "socket.connect":
        return
    guard = _GUARD.get()
    if guard is None:
        return
    sock, target = args
    if sock.family not in (socket.AF_INET, socket.AF_INET6) or not isinstance(target, tuple):
        guard.refused.append(("0.0.0.0", ipaddress.IPv4Address(0)))
        raise ConnectionRefusedError("planner: not an internet address")
    host = str(target[0])
    if host.lower().rstrip(".") in guard.allowed.names:
        return
    # A name (socket.connect resolves it itself): checked at its addresses, as at the save.
    for address in addresses(host):
        if address in guard.named or guard.allowed.permits(address):
            continue
        guard.refused.append((host.split("%")[0], address))
        # An OSError: each library takes it for a connection that failed, and stops there.
        raise ConnectionRefusedError(f"planner: {address} is a private or local address")


def install() -> None:
    """The audit hook, once per process (it cannot be removed; outside :func:`guarded`
    it returns at once)."""
    global _installed  # one hook per process, whatever calls first
    with _install_lock:
        if not _installed:
            sys.addaudithook(_hook)
            _installed = True


@contextmanager
def guarded(allowed: Allowed, where: str, urls: Iterable[str]) -> Iterator[None]:
    """Run a send to ``urls`` (servers, Apprise URLs) under the rule: each host is
    resolved and its addresses checked first (Refused naming ``where``), then each
    connection the block makes is checked at its address; a send that failed because a
    connection was refused raises Refused, saying so."""
    install()
    named: set[Address] = set()
    for url in urls:
        operator = _operator_hosts(url)
        if operator is not None:
            for host in operator:
                named.update(addresses(host))
            continue
        for host in hosts_of(url):
            found, refusal = _check(allowed, where, host)
            if refusal is not None:
                raise Refused(refusal)
            named.update(found)
    guard = _Guard(allowed, named)
    token = _GUARD.set(guard)
    try:
        yield
    except Exception:
        if guard.refused:
            raise Refused(_refusal(where, *guard.refused[0])) from None
        raise
    finally:
        _GUARD.reset(token)
