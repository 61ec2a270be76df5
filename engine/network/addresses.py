"""IPv4 addresses and subnets, Docker's default address pools, MAC addresses.

Addresses are kept as integers inside the package and shown in dotted form.
The default pools are the daemon's: 172.17.0.0/16 for the default bridge, then
172.18.0.0/16 ... 172.31.0.0/16, then 192.168.0.0/16 cut into /20 subnets, each
new network taking the first subnet that overlaps nothing in use.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Iterator, List, Optional, Tuple

from ..record import record


def ip_to_int(text: str) -> int:
    """"172.17.0.2" -> 2886795266; ValueError for anything else (as net.ParseIP fails)."""
    parts = text.split(".")
    if len(parts) != 4:
        raise ValueError(text)
    value = 0
    for part in parts:
        if not part.isdigit() or len(part) > 3 or int(part) > 255:
            raise ValueError(text)
        value = value * 256 + int(part)
    return value


def int_to_ip(value: int) -> str:
    return ".".join(str((value >> shift) & 255) for shift in (24, 16, 8, 0))


def is_ip(text: str) -> bool:
    try:
        ip_to_int(text)
    except ValueError:
        return False
    return True


@record(frozen=True)
class Subnet:
    """An IPv4 prefix: ``network`` is the first address, ``prefix`` its length."""
    network: int
    prefix: int

    @classmethod
    def parse(cls, text: str) -> "Subnet":
        """"172.18.0.0/16"; the address is masked ("172.18.5.1/16" is 172.18.0.0/16)."""
        address, slash, length = text.partition("/")
        if not slash or not length.isdigit() or int(length) > 32:
            raise ValueError(text)
        prefix = int(length)
        return cls(ip_to_int(address) & cls.mask_of(prefix), prefix)

    @staticmethod
    def mask_of(prefix: int) -> int:
        return (0xFFFFFFFF << (32 - prefix)) & 0xFFFFFFFF if prefix else 0

    @property
    def mask(self) -> int:
        return self.mask_of(self.prefix)

    @property
    def size(self) -> int:
        return 1 << (32 - self.prefix)

    @property
    def broadcast(self) -> int:
        return self.network + self.size - 1

    @property
    def netmask(self) -> str:
        return int_to_ip(self.mask)

    def contains(self, address: int) -> bool:
        return (address & self.mask) == self.network

    def overlaps(self, other: "Subnet") -> bool:
        return self.contains(other.network) or other.contains(self.network)

    def hosts(self) -> Iterator[int]:
        """Assignable addresses: not the network address nor the broadcast."""
        if self.prefix >= 31:
            yield from range(self.network, self.network + self.size)
            return
        yield from range(self.network + 1, self.broadcast)

    def __str__(self) -> str:
        return f"{int_to_ip(self.network)}/{self.prefix}"


# The daemon's default-address-pools (daemon.json's "default-address-pools").
DEFAULT_POOLS: List[Tuple[str, int]] = ([(f"172.{n}.0.0/16", 16) for n in range(17, 32)]
                                        + [("192.168.0.0/16", 20)])


def pool_subnets() -> Iterator[Subnet]:
    """Every subnet the default pools offer, in the order the daemon tries them."""
    for base, size in DEFAULT_POOLS:
        pool = Subnet.parse(base)
        step = 1 << (32 - size)
        for start in range(pool.network, pool.broadcast + 1, step):
            yield Subnet(start, size)


def first_free_subnet(taken: List[Subnet], skip_default: bool = True) -> Optional[Subnet]:
    """The first pool subnet overlapping nothing taken (172.17/16 is the default bridge's)."""
    for candidate in pool_subnets():
        if not any(candidate.overlaps(used) for used in taken):
            return candidate
    return None


def random_mac(rng) -> str:
    """A locally administered unicast MAC from six random bytes, as Docker 28 makes them.

    (Before Docker 28 the bridge driver derived it from the IPv4 address:
    02:42 followed by the four address bytes.)
    """
    octets = [rng.getrandbits(8) for _ in range(6)]
    octets[0] = (octets[0] & 0xFE) | 0x02
    return ":".join(f"{o:02x}" for o in octets)


def netmask_bits(netmask: str) -> int:
    return bin(ip_to_int(netmask)).count("1")


__all__ = ["ip_to_int", "int_to_ip", "is_ip", "Subnet", "DEFAULT_POOLS", "pool_subnets",
           "first_free_subnet", "random_mac"]
